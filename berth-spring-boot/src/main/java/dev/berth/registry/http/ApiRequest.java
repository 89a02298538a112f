package dev.berth.registry.http;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The parts of a servlet request the endpoints read. The query is the one access control read
 * ({@link QueryParameters}), never the servlet API's parameters, which would read a form-encoded
 * body as parameters.
 */
final class ApiRequest {
    private final HttpServletRequest request;
    private final QueryParameters query;

    ApiRequest(HttpServletRequest request) {
        this.request = request;
        this.query = QueryParameters.of(request);
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

    /** The first value of a query parameter, or null. */
    String query(String name) {
        return query.first(name).orElse(null);
    }

    List<String> queryAll(String name) {
        return query.all(name);
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
}
