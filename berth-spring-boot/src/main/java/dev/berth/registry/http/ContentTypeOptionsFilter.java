package dev.berth.registry.http;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first to see every request, on every path: it marks the response {@code nosniff}, so that no
 * answer (an actuator's, a page's, Boot's error page) is read by a browser as a type it does not
 * say, and answers a request made straight to the error page as not found: Boot's error controller,
 * asked without an error, answered 500.
 */
final class ContentTypeOptionsFilter extends OncePerRequestFilter {
    private final String errorPath;

    ContentTypeOptionsFilter(String errorPath) {
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
        chain.doFilter(request, response);
    }

    private boolean isErrorPath(HttpServletRequest request) {
        // the container's decoded, normalised path: /%65rror and /x/../error are the error page too
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return path.equals(errorPath) || path.startsWith(errorPath + "/");
    }
}
