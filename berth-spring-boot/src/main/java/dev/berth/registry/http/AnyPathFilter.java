package dev.berth.registry.http;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first to see every request, on every path: it marks the response {@code nosniff}, so that no
 * answer (an actuator's, a page's, Boot's error page) is read by a browser as a type it does not
 * say; answers a request made straight to the error page as not found (Boot's error controller,
 * asked without an error, answered 500); and, outside the registry's paths (where a body is taken
 * as it is whatever it claims), refuses a Content-Type that names no one type, such as
 * {@code *}{@code /*}, which Spring's body readers met with a 500.
 */
final class AnyPathFilter extends OncePerRequestFilter {
    private final String errorPath;

    AnyPathFilter(String errorPath) {
        this.errorPath = errorPath;
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader(ApiHeaders.CONTENT_TYPE_OPTIONS, ApiHeaders.NOSNIFF);
        if (request.getDispatcherType() == DispatcherType.REQUEST && isErrorPath(request)) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        if (request.getDispatcherType() == DispatcherType.REQUEST && !RegistryPaths.contains(request)
                && !namesOneType(request.getContentType())) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean namesOneType(String contentType) {
        if (contentType == null) {
            return true;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return !type.isWildcardType() && !type.isWildcardSubtype();
        } catch (InvalidMediaTypeException unreadable) {
            return true; // Spring's readers refuse what they cannot parse themselves, with a 415
        }
    }

    private boolean isErrorPath(HttpServletRequest request) {
        // the container's decoded, normalised path: /%65rror and /x/../error are the error page too
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return path.equals(errorPath) || path.startsWith(errorPath + "/");
    }
}
