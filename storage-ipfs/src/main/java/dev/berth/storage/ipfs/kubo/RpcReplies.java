package dev.berth.storage.ipfs.kubo;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hc.core5.function.Supplier;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.NoHttpResponseException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kubo's replies as {@link Rpc} reads them: JSON values and JSON lines, error replies, the
 * {@code X-Stream-Error} trailer, and transport failures in the client's terms.
 */
final class RpcReplies {
    static final String STREAM_ERROR_TRAILER = "X-Stream-Error";
    /** Error bodies are short JSON; more than this is not an error reply worth reading. */
    static final int MAX_ERROR_BODY = 64 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .build();

    private RpcReplies() {}

    /** The failure a reply other than 200 reports: Kubo's error JSON, or the status and body as they are. */
    static KuboException errorReply(String command, ClassicHttpResponse response) throws IOException {
        String body = "";
        HttpEntity entity = response.getEntity();
        if (entity != null) {
            try (InputStream in = entity.getContent()) {
                body = new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw transportFailure(command, e);
            }
        }
        try {
            ErrorReply reply = JSON.readValue(body, ErrorReply.class);
            if (reply.message() != null) {
                return new KuboException(command, reply.message());
            }
        } catch (JacksonException notJson) {
            // Not Kubo's error JSON (a 403 from the origin check is plain text): report it as it is.
        }
        return new KuboException(command, "HTTP " + response.getCode() + (body.isEmpty() ? "" : " " + body));
    }

    /** Kubo's error reply. */
    record ErrorReply(String message, Integer code, String type) {}

    /** A reply that is one JSON value. */
    static <T> T parse(String command, byte[] body, Class<T> type) throws KuboException {
        try {
            return JSON.readValue(body, type);
        } catch (JacksonException e) {
            throw malformed(command, body, e);
        }
    }

    /** A reply of one JSON value per line. */
    static <T> List<T> parseLines(String command, byte[] body, Class<T> type) throws KuboException {
        List<T> values = new ArrayList<>();
        for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                try {
                    values.add(JSON.readValue(line, type));
                } catch (JacksonException e) {
                    throw malformed(command, body, e);
                }
            }
        }
        return values;
    }

    private static KuboException malformed(String command, byte[] body, JacksonException e) {
        String start = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
        return new KuboException(command, "malformed reply: " + start, e);
    }

    /** Connection failures and timeouts say "unavailable"; anything else is Kubo's answer. */
    static IOException transportFailure(String command, IOException e) {
        if (e instanceof KuboException || e instanceof KuboUnavailableException) {
            return e;
        }
        if (e instanceof ConnectException || e instanceof InterruptedIOException || e instanceof NoHttpResponseException
                || e instanceof ConnectionClosedException || e instanceof SocketException
                || e instanceof UnknownHostException) {
            return new KuboUnavailableException("kubo " + command + ": " + describe(e), e);
        }
        return new KuboException(command, describe(e), e);
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** The {@code X-Stream-Error} trailer of a fully read chunked reply, or {@code null}. */
    static String streamError(HttpEntity entity) {
        Supplier<List<? extends Header>> trailers = entity == null ? null : entity.getTrailers();
        if (trailers == null) {
            return null;
        }
        List<? extends Header> headers = trailers.get();
        if (headers == null) {
            return null;
        }
        for (Header header : headers) {
            if (header.getName().equalsIgnoreCase(STREAM_ERROR_TRAILER)) {
                return header.getValue();
            }
        }
        return null;
    }
}
