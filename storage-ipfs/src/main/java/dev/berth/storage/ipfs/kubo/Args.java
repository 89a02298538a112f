package dev.berth.storage.ipfs.kubo;

import java.util.ArrayList;
import java.util.List;
import org.apache.hc.core5.http.NameValuePair;
import org.apache.hc.core5.http.message.BasicNameValuePair;

/** The query parameters of one RPC call, in order ({@code arg} may repeat, as in {@code files/mv}). */
final class Args {
    private final List<NameValuePair> pairs = new ArrayList<>();

    static Args of(String... args) {
        Args result = new Args();
        for (String arg : args) {
            result.with("arg", arg);
        }
        return result;
    }

    Args with(String name, Object value) {
        pairs.add(new BasicNameValuePair(name, String.valueOf(value)));
        return this;
    }

    List<NameValuePair> pairs() {
        return List.copyOf(pairs);
    }
}
