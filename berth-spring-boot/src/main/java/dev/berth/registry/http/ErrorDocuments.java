package dev.berth.registry.http;

import dev.berth.registry.errors.RegistryException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import tools.jackson.databind.ObjectMapper;

/**
 * The spec's error document, {@code {"errors":[{"code","message","detail"}]}}, and the headers every
 * error carries, for the endpoints' advice and for the filters that answer before any endpoint
 * (a malformed query, access control's refusals).
 */
public final class ErrorDocuments {
    private ErrorDocuments() {
    }

    public static byte[] body(ObjectMapper json, RegistryException e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", e.code().name());
        error.put("message", e.getMessage());
        if (e.detail() != null) {
            error.put("detail", e.detail());
        }
        return json.writeValueAsBytes(Map.of("errors", List.of(error)));
    }

    /** The headers of every error response: the API version, JSON, nosniff. */
    public static HttpHeaders headers() {
        HttpHeaders headers = new HttpHeaders();
        headers.set(ApiHeaders.API_VERSION, ApiHeaders.API_VERSION_VALUE);
        headers.set(HttpHeaders.CONTENT_TYPE, ApiHeaders.JSON);
        headers.set(ApiHeaders.CONTENT_TYPE_OPTIONS, ApiHeaders.NOSNIFF);
        return headers;
    }

    /** Writes the error as the whole response, with its status ({@link ErrorStatus}); a HEAD gets the headers only. */
    public static void write(HttpServletRequest request, HttpServletResponse response, RegistryException e, ObjectMapper json)
            throws IOException {
        write(request, response, ErrorStatus.of(e).value(), e, json);
    }

    /** Writes the error with the given status: one the container or a filter already decided. */
    static void write(HttpServletRequest request, HttpServletResponse response, int status, RegistryException e, ObjectMapper json)
            throws IOException {
        response.setStatus(status);
        headers().forEach((name, values) -> response.setHeader(name, values.getFirst()));
        byte[] body = body(json, e);
        response.setContentLength(body.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(body);
        }
    }
}
