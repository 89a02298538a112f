package dev.berth.registry.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request and the response it got.
 *
 * @param request what was sent
 * @param status the response status
 * @param headers the response headers, in order
 * @param body the response body (empty for HEAD), read up to {@link RawHttp#MAX_BODY} bytes
 */
record Exchange(Request request, int status, List<Map.Entry<String, String>> headers, byte[] body) {

    Exchange {
        headers = List.copyOf(headers);
    }

    Optional<String> header(String name) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
    }

    List<String> headerValues(String name) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).toList();
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The response as a report shows it: status, headers and the start of the body. */
    String response() {
        StringBuilder text = new StringBuilder().append(status);
        headers.forEach(h -> text.append("\n  ").append(h.getKey()).append(": ").append(Snippets.visible(h.getValue(), 300)));
        if (body.length > 0) {
            text.append("\n  ").append(Snippets.visible(new String(body, 0, Math.min(body.length, 600), StandardCharsets.UTF_8), 600));
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return request + "\n→ " + response();
    }
}
