package dev.berth.registry.http;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
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
 * checks or serves it. It also sees the container's error dispatches for those paths (a status the
 * container or a filter sent without a body, such as Tomcat's 405 to TRACE): it answers them in the
 * spec's format instead of Boot's error page.
 */
final class RegistryRequestFilter extends OncePerRequestFilter {
    private final ObjectMapper json;

    RegistryRequestFilter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            return !(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri)
                    || !RegistryPaths.contains(uri.substring(Math.min(uri.length(), request.getContextPath().length())));
        }
        return !RegistryPaths.contains(request);
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader(ApiHeaders.CONTENT_TYPE_OPTIONS, ApiHeaders.NOSNIFF);
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? code : 500;
            if (!response.isCommitted()) {
                ErrorDocuments.write(request, response, status, errorFor(status), json);
            }
            return;
        }
        try {
            Route.path(request);
            QueryParameters.of(request);
        } catch (RegistryException malformed) {
            ErrorDocuments.write(request, response, malformed, json);
            return;
        }
        chain.doFilter(request, response);
    }

    /** What a status the container or a filter chose says, as the spec's error codes say it. */
    private static RegistryException errorFor(int status) {
        return switch (status) {
            case 401 -> RegistryException.of(ErrorCode.UNAUTHORIZED, "authentication required");
            case 403 -> RegistryException.of(ErrorCode.DENIED, "the request is denied");
            case 503 -> RegistryException.of(ErrorCode.UNAVAILABLE, "the registry is unavailable; retry later");
            default -> status < 500 ? RegistryException.of(ErrorCode.UNSUPPORTED, "the request cannot be served as sent")
                    : RegistryException.of(ErrorCode.UNKNOWN, "the registry failed to handle the request");
        };
    }
}
