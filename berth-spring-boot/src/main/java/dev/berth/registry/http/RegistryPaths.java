package dev.berth.registry.http;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;

/**
 * The paths the registry answers ({@code /v2}, {@code /v2/...}, {@code /berth/...}): where its
 * request filter, its error format and its access control apply, and nowhere else, so that an
 * application embedding it keeps its own paths to itself.
 */
public final class RegistryPaths {
    /** The paths as Spring's path patterns. */
    public static final List<String> PATTERNS = List.of("/v2", "/v2/**", "/berth/**");

    private RegistryPaths() {
    }

    /** Whether a path within the application is one of the registry's. */
    public static boolean contains(String path) {
        return path.equals("/v2") || path.startsWith("/v2/") || path.startsWith("/berth/");
    }

    /** Whether the request goes to one of the registry's paths, as sent or once decoded. */
    public static boolean contains(HttpServletRequest request) {
        String raw = request.getRequestURI().substring(request.getContextPath().length());
        if (contains(raw)) {
            return true;
        }
        try {
            return contains(Route.path(request));
        } catch (RuntimeException malformed) {
            return false;
        }
    }
}
