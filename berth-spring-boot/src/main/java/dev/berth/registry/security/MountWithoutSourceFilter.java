package dev.berth.registry.security;

import dev.berth.registry.http.QueryParameters;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * With access control on, a mount that names no source ({@code mount} without {@code from}) becomes
 * a plain upload (202): the registry would take the blob from any repository holding it, which
 * would let a user with push on one repository copy content from a repository they may not pull.
 * The spec lets a registry answer any mount with an upload. It reads and changes the request's one
 * decoded query ({@link QueryParameters}), the one the endpoint then reads, so no spelling of
 * {@code mount} slips past it.
 */
final class MountWithoutSourceFilter extends OncePerRequestFilter {
    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if ("POST".equals(request.getMethod())) {
            QueryParameters query = QueryParameters.of(request);
            if (query.has("mount") && !query.has("from")) {
                QueryParameters.replace(request, query.without("mount"));
            }
        }
        chain.doFilter(request, response);
    }
}
