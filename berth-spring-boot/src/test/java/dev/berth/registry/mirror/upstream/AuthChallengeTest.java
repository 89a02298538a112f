package dev.berth.registry.mirror.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {

    @Test
    void dockerHubsBearerChallengeIsRead() {
        List<AuthChallenge> challenges = AuthChallenge.parse(List.of(
                "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/alpine:pull\""));
        assertThat(challenges).containsExactly(new AuthChallenge("bearer", Optional.of("https://auth.docker.io/token"),
                Optional.of("registry.docker.io"), Optional.of("repository:library/alpine:pull"), Optional.empty()));
    }

    @Test
    void anInsufficientScopeErrorAndSeveralScopesAreKept() {
        AuthChallenge challenge = AuthChallenge.parse(List.of("Bearer realm=\"http://localhost:5001/token\",service=\"s\","
                + "scope=\"repository:a:pull repository:b:pull\",error=\"insufficient_scope\"")).getFirst();
        assertThat(challenge.scope()).contains("repository:a:pull repository:b:pull");
        assertThat(challenge.error()).contains("insufficient_scope");
    }

    @Test
    void severalChallengesInOneOrMoreHeadersAreAllRead() {
        List<AuthChallenge> challenges = AuthChallenge.parse(List.of("Basic realm=\"registry\", Bearer realm=\"https://r/t\"",
                "Negotiate"));
        assertThat(challenges).extracting(AuthChallenge::scheme).containsExactly("basic", "bearer", "negotiate");
        assertThat(challenges.get(0).isBasic()).isTrue();
        assertThat(challenges.get(1).realm()).contains("https://r/t");
    }

    @Test
    void hugeOrEmptyHeadersGiveNoChallengeAndUnreadableOnesNeverThrow() {
        assertThat(AuthChallenge.parse(List.of("Bearer realm=\"unterminated", "=,,=\"", "Bearer ,,"))).hasSizeLessThanOrEqualTo(3);
        assertThat(AuthChallenge.parse(List.of("Bearer realm=\"" + "x".repeat(10_000) + "\""))).isEmpty();
        assertThat(AuthChallenge.parse(List.of(""))).isEmpty();
    }
}
