package dev.berth.registry.mirror.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requests as containerd sends them to a mirror configured in {@code hosts.toml}: the repository as
 * named at the upstream, and the upstream's host in the {@code ns} query parameter
 * ({@code /v2/library/alpine/manifests/3.20?ns=docker.io}). When {@code ns} names a mirrored upstream,
 * the request goes on as if the client had named the mirror's repository by path
 * ({@code /v2/docker.io/library/alpine/manifests/3.20}), access control included. Other requests,
 * and {@code ns} values that name no upstream, pass unchanged.
 */
public final class NamespaceFilter extends OncePerRequestFilter {
    private static final String V2 = "/v2/";

    private final Map<String, String> prefixByName;

    /** @param prefixByName each upstream's name (as {@code ns} says it) and the path prefix of its repositories */
    public NamespaceFilter(Map<String, String> prefixByName) {
        this.prefixByName = Map.copyOf(prefixByName);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(rewritten(request).orElse(request), response);
    }

    /** The request as if it named the mirror's repository, when it is a repository request with a mirrored {@code ns}. */
    Optional<HttpServletRequest> rewritten(HttpServletRequest request) {
        String within = request.getRequestURI().substring(request.getContextPath().length());
        Optional<String> prefix = namespace(request.getQueryString()).map(prefixByName::get);
        if (prefix.isEmpty() || !within.startsWith(V2) || within.equals(V2) || within.equals(V2 + "_catalog")
                || within.startsWith(V2 + prefix.get() + "/")) {
            return Optional.empty();
        }
        String uri = request.getContextPath() + V2 + prefix.get() + "/" + within.substring(V2.length());
        return Optional.of(new HttpServletRequestWrapper(request) {
            @Override
            public String getRequestURI() {
                return uri;
            }

            @Override
            public StringBuffer getRequestURL() {
                StringBuffer url = new StringBuffer(request.getScheme()).append("://").append(request.getServerName());
                int port = request.getServerPort();
                boolean defaultPort = port == 80 && "http".equals(request.getScheme()) || port == 443 && "https".equals(request.getScheme());
                if (port > 0 && !defaultPort) {
                    url.append(':').append(port);
                }
                return url.append(uri);
            }

            @Override
            public String getServletPath() {
                return uri.substring(request.getContextPath().length());
            }

            @Override
            public String getPathInfo() {
                return null;
            }
        });
    }

    /** The {@code ns} parameter, read from the query string itself (the servlet API would parse a form body too). */
    private static Optional<String> namespace(String query) {
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("ns=")) {
                return Optional.of(URLDecoder.decode(pair.substring(3), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }
}
