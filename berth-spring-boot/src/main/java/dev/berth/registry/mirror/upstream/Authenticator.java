package dev.berth.registry.mirror.upstream;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * What an upstream's requests carry in {@code Authorization}. It learns the upstream's scheme from
 * its first challenge (requests go anonymously until one comes): for {@code Bearer}, tokens from the
 * realm for each scope, cached until shortly before they expire; for {@code Basic}, the credentials.
 */
final class Authenticator {
    private final UpstreamProperties.Upstream upstream;
    private final TokenCommand tokens;
    private final TokenCache cache = new TokenCache();
    private volatile AuthChallenge challenge;

    Authenticator(UpstreamProperties.Upstream upstream, TokenCommand tokens) {
        this.upstream = upstream;
        this.tokens = tokens;
    }

    /** The challenge answered now, if the upstream has sent one. */
    Optional<AuthChallenge> challenge() {
        return Optional.ofNullable(challenge);
    }

    /**
     * The {@code Authorization} value for a request needing the scope ({@code repository:<name>:pull},
     * or empty for the API root), or {@code null} to go without. May fetch a token.
     */
    String authorization(String scope, Deadline deadline) throws UpstreamException {
        AuthChallenge known = challenge;
        if (known == null) {
            return null;
        }
        if (known.isBasic()) {
            return basic();
        }
        if (!known.isBearer()) {
            return null;
        }
        String key = TokenCache.key(known.realm().orElse(""), known.service().orElse(""), scope);
        BearerToken token = cache.get(key, Instant.now());
        if (token == null) {
            token = tokens.fetch(known, scope, deadline);
            cache.put(key, token, Instant.now());
        }
        return token.header();
    }

    /**
     * Learns from a 401's challenges. Answers whether one more try may succeed: with a first or
     * fresh token (the cached one for the scope is dropped, since the upstream refused it), or with
     * the credentials where basic auth is asked for and they were not sent.
     */
    boolean learn(List<AuthChallenge> challenges, String scope, String sent) {
        Optional<AuthChallenge> bearer = challenges.stream().filter(AuthChallenge::isBearer)
                .filter(c -> c.realm().isPresent()).findFirst();
        if (bearer.isPresent()) {
            AuthChallenge learned = bearer.get();
            challenge = new AuthChallenge(learned.scheme(), learned.realm(), learned.service(), Optional.empty(),
                    Optional.empty());
            cache.remove(TokenCache.key(learned.realm().orElse(""), learned.service().orElse(""), scope));
            return true;
        }
        boolean basicAsked = challenges.stream().anyMatch(AuthChallenge::isBasic);
        if (basicAsked && upstream.hasCredentials()) {
            challenge = new AuthChallenge(AuthChallenge.BASIC, Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty());
            return sent == null || !sent.startsWith("Basic ");
        }
        return false;
    }

    private String basic() {
        if (!upstream.hasCredentials()) {
            return null;
        }
        return "Basic " + Base64.getEncoder().encodeToString(
                (upstream.username() + ":" + upstream.password()).getBytes(StandardCharsets.UTF_8));
    }
}
