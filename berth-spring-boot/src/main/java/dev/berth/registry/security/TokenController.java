package dev.berth.registry.security;

import dev.berth.registry.http.QueryParameters;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /berth/v1/token?service=...&scope=...}: the token server of Docker token
 * authentication. Users log in with basic auth (their own chain checks it); the answer holds the
 * token under both names clients read, {@code token} and {@code access_token}.
 */
@RestController
class TokenController {
    private final TokenIssuer issuer;

    TokenController(TokenIssuer issuer) {
        this.issuer = issuer;
    }

    @GetMapping(path = Challenges.TOKEN_PATH, produces = "application/json")
    Map<String, Object> token(HttpServletRequest request, Authentication authentication) {
        Optional<String> user = authentication == null || authentication instanceof AnonymousAuthenticationToken
                ? Optional.empty() : Optional.of(authentication.getName());
        // Read from the registry's one decoded query: a scope's actions hold commas, which parameter binding
        // would split on. Clients send several scopes as repeated parameters or space-separated in one.
        List<Scope> requested = QueryParameters.of(request).all("scope").stream()
                .flatMap(field -> Stream.of(field.trim().split(" +")))
                .filter(scope -> !scope.isEmpty())
                .flatMap(TokenController::parsed)
                .toList();
        TokenIssuer.Issued issued = issuer.issue(user, requested);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", issued.token());
        body.put("access_token", issued.token());
        body.put("expires_in", issued.expiresIn().toSeconds());
        body.put("issued_at", issued.issuedAt().toString());
        return body;
    }

    /** An unreadable scope is granted nothing rather than failing the whole request. */
    private static Stream<Scope> parsed(String scope) {
        try {
            return Stream.of(Scope.parse(scope));
        } catch (IllegalArgumentException unreadable) {
            return Stream.empty();
        }
    }
}
