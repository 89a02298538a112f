package dev.berth.registry.http;

import dev.berth.registry.errors.RegistryException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.ObjectMapper;

/**
 * The first to see a request to the registry's paths ({@code /v2}, {@code /berth/}), before access
 * control: it marks every response {@code nosniff}, and decodes the path and the query once
 * ({@link QueryParameters}), refusing a malformed one in the spec's error format before anything
 * checks or serves it.
 */
final class RegistryRequestFilter extends OncePerRequestFilter {
    private final ObjectMapper json;

    RegistryRequestFilter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !RegistryPaths.contains(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader(ApiHeaders.CONTENT_TYPE_OPTIONS, ApiHeaders.NOSNIFF);
        try {
            Route.path(request);
            QueryParameters.of(request);
        } catch (RegistryException malformed) {
            ErrorDocuments.write(request, response, malformed, json);
            return;
        }
        chain.doFilter(request, response);
    }
}
