package dev.berth.registry.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * With access control on, a mount that names no source ({@code mount} without {@code from}) becomes
 * a plain upload (202): the registry would take the blob from any repository holding it, which
 * would let a user with push on one repository copy content from a repository they may not pull.
 * The spec lets a registry answer any mount with an upload.
 */
final class MountWithoutSourceFilter extends OncePerRequestFilter {
    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        if (!"POST".equals(request.getMethod()) || query == null || !hasParameter(query, "mount") || hasParameter(query, "from")) {
            chain.doFilter(request, response);
            return;
        }
        String withoutMount = Arrays.stream(query.split("&")).filter(pair -> !isParameter(pair, "mount"))
                .collect(Collectors.joining("&"));
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public String getQueryString() {
                return withoutMount.isEmpty() ? null : withoutMount;
            }
        }, response);
    }

    private static boolean hasParameter(String query, String name) {
        return Arrays.stream(query.split("&")).anyMatch(pair -> isParameter(pair, name));
    }

    private static boolean isParameter(String pair, String name) {
        return pair.equals(name) || pair.startsWith(name + "=");
    }
}
