package dev.berth.registry.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Whether a request may go on, and if not, what the client should be told. The rules are checked
 * on every request, tokens included, so that taking a right away also holds for tokens already issued.
 */
final class AccessCheck {
    /** The outcome of a check. */
    enum Verdict {
        GRANTED,
        /** Logging in (or getting a token) may help: 401 with a challenge. */
        LOGIN_NEEDED,
        /** The user may do it, but the token does not say so: 401 with a challenge for a new token. */
        INSUFFICIENT_SCOPE,
        /** The user may not do it: 403. */
        DENIED
    }

    /** The claim holding a token's grants, as Docker token authentication names it. */
    static final String ACCESS_CLAIM = "access";

    private final AccessPolicy policy;

    AccessCheck(AccessPolicy policy) {
        this.policy = policy;
    }

    Verdict check(Authentication authentication, HttpServletRequest request) {
        List<Scope> needed = RequiredAccess.of(request);
        if (authentication instanceof JwtAuthenticationToken token) {
            return checkToken(token.getToken(), needed);
        }
        if (authentication == null || authentication instanceof AnonymousAuthenticationToken || !authentication.isAuthenticated()) {
            boolean open = !needed.isEmpty() && needed.stream().allMatch(scope -> policy.allows(Optional.empty(), scope));
            return open ? Verdict.GRANTED : Verdict.LOGIN_NEEDED;
        }
        Optional<String> user = Optional.of(authentication.getName());
        return needed.stream().allMatch(scope -> policy.allows(user, scope)) ? Verdict.GRANTED : Verdict.DENIED;
    }

    private Verdict checkToken(Jwt token, List<Scope> needed) {
        Optional<String> user = Optional.ofNullable(token.getSubject()).filter(subject -> !subject.isEmpty());
        if (!needed.stream().allMatch(scope -> policy.allows(user, scope))) {
            return user.isPresent() ? Verdict.DENIED : Verdict.LOGIN_NEEDED;
        }
        Set<String> granted = grants(token);
        boolean covered = needed.stream().allMatch(scope -> scope.actions().stream()
                .allMatch(action -> granted.contains(scope.type() + ":" + scope.name() + ":" + action)));
        return covered ? Verdict.GRANTED : Verdict.INSUFFICIENT_SCOPE;
    }

    /** The token's grants as {@code type:name:action} strings. */
    private static Set<String> grants(Jwt token) {
        Set<String> granted = new HashSet<>();
        Object access = token.getClaims().get(ACCESS_CLAIM);
        if (access instanceof Collection<?> entries) {
            for (Object entry : entries) {
                if (entry instanceof Map<?, ?> grant && grant.get("actions") instanceof Collection<?> actions) {
                    actions.forEach(action -> granted.add(grant.get("type") + ":" + grant.get("name") + ":" + action));
                }
            }
        }
        return granted;
    }
}
