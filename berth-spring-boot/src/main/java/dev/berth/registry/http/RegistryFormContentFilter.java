package dev.berth.registry.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.servlet.filter.OrderedFormContentFilter;

/**
 * Spring's form-content filter (which reads a form-encoded PUT, PATCH or DELETE body whole, as
 * parameters) for the application's own paths only. It runs before access control, so on the
 * registry's paths it would read any such body into memory before a client logs in; the registry
 * never takes form bodies, and manifests, blobs and chunks arrive as they are.
 */
final class RegistryFormContentFilter extends OrderedFormContentFilter {
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) throws ServletException {
        return RegistryPaths.contains(request)
                || super.shouldNotFilter(request);
    }

    /** A form whose query does not decode is the client's mistake, a 400, whoever meets it first. */
    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            super.doFilterInternal(request, response, chain);
        } catch (RuntimeException e) {
            if (!MalformedRequests.isMalformedRequest(e) || response.isCommitted()) {
                throw e;
            }
            response.sendError(HttpServletResponse.SC_BAD_REQUEST);
        }
    }
}
