package dev.berth.registry.http;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The parts of a servlet request the endpoints read. The query string is parsed here rather
 * than through the servlet API, which would read a form-encoded body as parameters.
 */
final class ApiRequest {
    private final HttpServletRequest request;
    private final Map<String, List<String>> query;

    ApiRequest(HttpServletRequest request) {
        this.request = request;
        this.query = parseQuery(request.getQueryString());
    }

    String method() {
        return request.getMethod();
    }

    /** GET or HEAD. */
    boolean isRead() {
        return "GET".equals(request.getMethod()) || isHead();
    }

    boolean isHead() {
        return "HEAD".equals(request.getMethod());
    }

    /** The decoded path within the application. */
    String path() {
        return Route.path(request);
    }

    String query(String name) {
        List<String> values = query.get(name);
        return values == null ? null : values.getFirst();
    }

    List<String> queryAll(String name) {
        return query.getOrDefault(name, List.of());
    }

    String header(String name) {
        return request.getHeader(name);
    }

    OptionalLong contentLength() {
        long length = request.getContentLengthLong();
        return length < 0 ? OptionalLong.empty() : OptionalLong.of(length);
    }

    InputStream body() throws IOException {
        return request.getInputStream();
    }

    /** Refuses a method the endpoint does not serve with UNSUPPORTED (405). */
    void requireMethod(Set<String> allowed) {
        if (!allowed.contains(method())) {
            throw new MethodNotAllowed(method(), allowed);
        }
    }

    private static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return result;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            result.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        return result;
    }
}
