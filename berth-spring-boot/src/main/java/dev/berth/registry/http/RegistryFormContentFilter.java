package dev.berth.registry.http;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
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
}
