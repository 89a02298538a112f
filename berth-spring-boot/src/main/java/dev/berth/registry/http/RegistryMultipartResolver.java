package dev.berth.registry.http;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.multipart.support.StandardServletMultipartResolver;

/**
 * Spring's multipart resolution for the application's own paths only. On the registry's paths a
 * body is a blob, a chunk or a manifest whatever Content-Type it claims: resolving it as multipart
 * would consume it (and spool it to disk) before the endpoint reads it.
 */
final class RegistryMultipartResolver extends StandardServletMultipartResolver {
    @Override
    public boolean isMultipart(HttpServletRequest request) {
        return !RegistryPaths.contains(request)
                && super.isMultipart(request);
    }
}
