package dev.berth.registry.security;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.http.ErrorDocuments;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.ObjectMapper;

/**
 * Refusals in the spec's error format: 401 UNAUTHORIZED with a {@code WWW-Authenticate} challenge
 * (Basic, or Bearer naming the token realm, service and the scopes the request needs), and 403
 * DENIED for a user the rules refuse.
 */
final class Challenges implements AuthenticationEntryPoint, AccessDeniedHandler {
    static final String TOKEN_PATH = "/berth/v1/token";

    private final AuthProperties.Token token; // null: Basic challenges
    private final AccessCheck check;
    private final ObjectMapper json;

    private Challenges(AuthProperties.Token token, AccessCheck check, ObjectMapper json) {
        this.token = token;
        this.check = check;
        this.json = json;
    }

    static Challenges basic(AccessCheck check, ObjectMapper json) {
        return new Challenges(null, check, json);
    }

    static Challenges bearer(AuthProperties.Token token, AccessCheck check, ObjectMapper json) {
        return new Challenges(token, check, json);
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure) throws IOException {
        if (failure instanceof OAuth2AuthenticationException) {
            unauthorized(request, response, "invalid_token", "the token is not valid: " + failure.getMessage());
        } else if (failure instanceof BadCredentialsException) {
            unauthorized(request, response, null, "the user name or password is wrong");
        } else {
            unauthorized(request, response, null, "authentication required");
        }
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied) throws IOException {
        switch (check.check(SecurityContextHolder.getContext().getAuthentication(), request)) {
            case INSUFFICIENT_SCOPE -> unauthorized(request, response, "insufficient_scope", "the token does not grant " + scopes(request));
            case DENIED -> write(request, response, ErrorCode.DENIED, "access to " + scopes(request) + " is denied");
            default -> unauthorized(request, response, null, "authentication required");
        }
    }

    private void unauthorized(HttpServletRequest request, HttpServletResponse response, String error, String message) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge(request, error));
        write(request, response, ErrorCode.UNAUTHORIZED, message);
    }

    private String challenge(HttpServletRequest request, String error) {
        if (token == null) {
            return "Basic realm=\"berth\"";
        }
        String realm = token.realm() != null ? token.realm().toString()
                : ServletUriComponentsBuilder.fromContextPath(request).path(TOKEN_PATH).toUriString();
        StringBuilder challenge = new StringBuilder("Bearer realm=\"" + realm + "\",service=\"" + token.service() + "\"");
        String scopes = scopes(request);
        if (!scopes.isEmpty()) {
            challenge.append(",scope=\"").append(scopes).append('"');
        }
        if (error != null) {
            challenge.append(",error=\"").append(error).append('"');
        }
        return challenge.toString();
    }

    private static String scopes(HttpServletRequest request) {
        return RequiredAccess.of(request).stream().map(Scope::toString).collect(Collectors.joining(" "));
    }

    private void write(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String message) throws IOException {
        ErrorDocuments.write(request, response, RegistryException.of(code, message), json);
    }
}
