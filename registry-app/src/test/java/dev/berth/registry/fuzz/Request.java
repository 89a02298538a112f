package dev.berth.registry.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request exactly as it goes on the wire: the target is sent as written (malformed
 * percent-encoding, raw UTF-8 and all), headers in order, repeats allowed.
 *
 * @param method the method token
 * @param target the request target, such as {@code /v2/a/tags/list?n=%zz}
 * @param headers name and value pairs, in order
 * @param body the body, or null for none; sent with a Content-Length unless {@code chunked}
 * @param chunked whether the body goes with {@code Transfer-Encoding: chunked}, as a streaming client sends it
 */
record Request(String method, String target, List<Map.Entry<String, String>> headers, byte[] body, boolean chunked) {

    Request {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        headers = List.copyOf(headers);
        if (chunked && body == null) {
            throw new IllegalArgumentException("a chunked request needs a body");
        }
    }

    static Request of(String method, String target) {
        return new Request(method, target, List.of(), null, false);
    }

    Request header(String name, String value) {
        List<Map.Entry<String, String>> all = new ArrayList<>(headers);
        all.add(Map.entry(name, value));
        return new Request(method, target, all, body, chunked);
    }

    Request headers(List<Map.Entry<String, String>> more) {
        List<Map.Entry<String, String>> all = new ArrayList<>(headers);
        all.addAll(more);
        return new Request(method, target, all, body, chunked);
    }

    Request body(byte[] content) {
        return new Request(method, target, headers, content, false);
    }

    Request body(String content) {
        return body(content.getBytes(StandardCharsets.UTF_8));
    }

    Request streamed(byte[] content) {
        return new Request(method, target, headers, content, true);
    }

    /** The target without its query. */
    String path() {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    /** As a report shows it: the request line, the headers and the start of the body. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(method).append(' ').append(Snippets.visible(target, 600));
        headers.forEach(h -> text.append("\n  ").append(h.getKey()).append(": ").append(Snippets.visible(h.getValue(), 300)));
        if (body != null) {
            text.append("\n  [").append(body.length).append(" bytes").append(chunked ? ", chunked" : "").append("] ")
                    .append(Snippets.visible(new String(body, 0, Math.min(body.length, 400), StandardCharsets.UTF_8), 400));
        }
        return text.toString();
    }
}
