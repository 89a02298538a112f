package dev.berth.registry.mirror.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The small rules around tokens and waits: refresh points, what a token may hold, Retry-After, internal realms. */
class TokenHandlingTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aTokenIsRefreshedThirtySecondsOrHalfItsLifetimeBeforeItEnds() {
        assertThat(BearerToken.received("abc", Duration.ofMinutes(5), NOW).refreshAt()).isEqualTo(NOW.plusSeconds(270));
        assertThat(BearerToken.received("abc", Duration.ofSeconds(20), NOW).refreshAt()).isEqualTo(NOW.plusSeconds(10));
        assertThat(BearerToken.received("abc", Duration.ofSeconds(60), NOW).isFresh(NOW.plusSeconds(29))).isTrue();
        assertThat(BearerToken.received("abc", Duration.ofSeconds(60), NOW).isFresh(NOW.plusSeconds(30))).isFalse();
    }

    @Test
    void aTokenNeverShowsAndCannotBreakAHeader() {
        String jwt = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";
        BearerToken token = BearerToken.received(jwt, Duration.ofMinutes(1), NOW);
        assertThat(token.header()).isEqualTo("Bearer " + jwt);
        assertThat(token.toString()).doesNotContain(jwt);
        assertThatThrownBy(() -> BearerToken.received("abc\r\nX-Injected: 1", Duration.ofMinutes(1), NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BearerToken.received("two words", Duration.ofMinutes(1), NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCacheForgetsTokensPastTheirRefreshPoint() {
        TokenCache cache = new TokenCache();
        String key = TokenCache.key("https://auth/token", "registry", "repository:a:pull");
        cache.put(key, BearerToken.received("abc", Duration.ofSeconds(60), NOW), NOW);
        assertThat(cache.get(key, NOW.plusSeconds(10))).isNotNull();
        assertThat(cache.get(TokenCache.key("https://auth/token", "registry", "repository:b:pull"), NOW)).isNull();
        assertThat(cache.get(key, NOW.plusSeconds(31))).isNull();
    }

    @Test
    void retryAfterTakesSecondsAndHttpDatesWithinADay() {
        assertThat(RetryAfter.parse("120", NOW)).isEqualTo(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse("Thu, 01 Jan 2026 00:01:30 GMT", NOW)).isEqualTo(Duration.ofSeconds(90));
        assertThat(RetryAfter.parse("Wed, 31 Dec 2025 23:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("99999999999", NOW)).isEqualTo(RetryAfter.MAX);
        assertThat(RetryAfter.parse("soon", NOW)).isNull();
        assertThat(RetryAfter.parse(null, NOW)).isNull();
    }

    @Test
    void internalAddressesAreKnownWithoutLookingNamesUp() {
        assertThat(TokenCommand.isInternalLiteral("127.0.0.1")).isTrue();
        assertThat(TokenCommand.isInternalLiteral("169.254.169.254")).isTrue();
        assertThat(TokenCommand.isInternalLiteral("10.1.2.3")).isTrue();
        assertThat(TokenCommand.isInternalLiteral("[::1]")).isTrue();
        assertThat(TokenCommand.isInternalLiteral("[fd00:ec2::254]")).isTrue();
        assertThat(TokenCommand.isInternalLiteral("localhost")).isTrue();
        assertThat(TokenCommand.isInternalLiteral("auth.docker.io")).isFalse();
        assertThat(TokenCommand.isInternalLiteral("8.8.8.8")).isFalse();
    }
}
