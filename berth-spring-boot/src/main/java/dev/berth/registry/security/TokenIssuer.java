package dev.berth.registry.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

/**
 * Signs tokens holding only what the rules allow of the requested scopes, in the claim Docker
 * token authentication uses: {@code "access": [{"type","name","actions"}]}. A client that did not
 * log in gets a token too (without a subject), holding what anyone may do, possibly nothing.
 */
final class TokenIssuer {
    /** A signed token and when it was made; its grants are in the token. */
    record Issued(String token, Instant issuedAt, Duration expiresIn, List<Scope> granted) {}

    private final JwtEncoder encoder;
    private final AccessPolicy policy;
    private final AuthProperties.Token settings;
    private final Clock clock;

    TokenIssuer(JwtEncoder encoder, AccessPolicy policy, AuthProperties.Token settings, Clock clock) {
        this.encoder = encoder;
        this.policy = policy;
        this.settings = settings;
        this.clock = clock;
    }

    Issued issue(Optional<String> user, List<Scope> requested) {
        List<Scope> granted = new ArrayList<>();
        for (Scope scope : requested) {
            Set<String> actions = policy.grantable(user, scope);
            if (!actions.isEmpty()) {
                granted.add(scope.withActions(actions));
            }
        }
        Instant now = clock.instant();
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .issuer(settings.service())
                .audience(List.of(settings.service()))
                .issuedAt(now)
                .notBefore(now)
                .expiresAt(now.plus(settings.expiry()))
                .id(UUID.randomUUID().toString())
                .claim(AccessCheck.ACCESS_CLAIM, granted.stream()
                        .map(scope -> Map.of("type", scope.type(), "name", scope.name(), "actions", scope.orderedActions()))
                        .toList());
        user.ifPresent(claims::subject);
        String token = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims.build()))
                .getTokenValue();
        return new Issued(token, now, settings.expiry(), List.copyOf(granted));
    }
}
