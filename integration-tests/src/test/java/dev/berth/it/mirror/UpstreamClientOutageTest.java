package dev.berth.it.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.it.support.RateLimitingNginx;
import dev.berth.it.support.TokenAuthDistribution;
import dev.berth.it.support.TokenServer;
import dev.berth.it.support.UpstreamImages;
import dev.berth.registry.mirror.upstream.UpstreamClient;
import dev.berth.registry.mirror.upstream.UpstreamProperties.Upstream;
import dev.berth.registry.mirror.upstream.UpstreamRateLimitedException;
import dev.berth.registry.mirror.upstream.UpstreamUnavailableException;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upstream client when its upstream fails: rate limited by nginx in front of distribution,
 * stopped, or frozen. Each failure is typed as one a mirror serves its cache for, and comes within
 * the client's timeouts.
 */
class UpstreamClientOutageTest {
    private static final String PASSWORD = "outage-5ecret";
    private static final RepositoryName REPOSITORY = new RepositoryName("team/app");

    @TempDir
    Path work;
    /** Token requests made by crane's push, before the client's. */
    private int pushTokens;

    @Test
    void aRateLimitedCallIsTypedWithTheRetryAfterNginxSent() throws IOException {
        try (TokenServer tokens = tokens(); TokenAuthDistribution upstream = upstream(tokens);
             // One request a minute, no burst: the first (a challenge) passes, the next is refused.
             RateLimitingNginx nginx = RateLimitingNginx.inFrontOf(work.resolve("nginx"), upstream.url(), "1r/m", 0, 37);
             UpstreamClient client = UpstreamClient.of(Upstream.of("registry.example", nginx.url())
                     .withCredentials("alice", PASSWORD))) {
            UpstreamRateLimitedException limited = assertThrows(UpstreamRateLimitedException.class,
                    () -> client.headManifest(REPOSITORY, new Tag("v1")));
            assertEquals(Optional.of(Duration.ofSeconds(37)), limited.retryAfter());
            assertEquals(Optional.empty(), limited.errorCode(), "a HEAD's reply has no body to name the error");
            assertTrue(limited.isUpstreamFailure(), "a mirror serves its cache when rate limited");
            assertEquals(1, tokens.requests().size() - pushTokens, "the challenge was answered before the limit hit");

            UpstreamRateLimitedException onGet = assertThrows(UpstreamRateLimitedException.class,
                    () -> client.getManifest(REPOSITORY, new Tag("v1")));
            assertEquals(Optional.of("TOOMANYREQUESTS"), onGet.errorCode());
            assertEquals(Optional.of(Duration.ofSeconds(37)), onGet.retryAfter());
        }
    }

    @Test
    void aStoppedUpstreamIsUnavailableAtOnce() throws IOException {
        try (TokenServer tokens = tokens()) {
            TokenAuthDistribution upstream = upstream(tokens);
            try (UpstreamClient client = UpstreamClient.of(Upstream.of("registry.example", upstream.url())
                    .withCredentials("alice", PASSWORD))) {
                client.headManifest(REPOSITORY, new Tag("v1"));
                upstream.close();
                long started = System.nanoTime();
                UpstreamUnavailableException unavailable = assertThrows(UpstreamUnavailableException.class,
                        () -> client.getManifest(REPOSITORY, new Tag("v1")));
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertFalse(unavailable.timedOut(), unavailable.getMessage());
                assertTrue(unavailable.isUpstreamFailure());
                assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "refused connections fail at once, took " + took);
            } finally {
                upstream.close();
            }
        }
    }

    @Test
    void aFrozenUpstreamIsUnavailableWithinTheReadTimeout() throws IOException {
        try (TokenServer tokens = tokens(); TokenAuthDistribution upstream = upstream(tokens);
             UpstreamClient client = UpstreamClient.of(Upstream.of("registry.example", upstream.url())
                     .withCredentials("alice", PASSWORD)
                     .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(20)))) {
            client.headManifest(REPOSITORY, new Tag("v1"));
            upstream.freeze();
            try {
                long started = System.nanoTime();
                UpstreamUnavailableException unavailable = assertThrows(UpstreamUnavailableException.class,
                        () -> client.getManifest(REPOSITORY, new Tag("v1")));
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertTrue(unavailable.timedOut(), unavailable.getMessage());
                assertTrue(took.compareTo(Duration.ofMillis(1900)) >= 0 && took.compareTo(Duration.ofSeconds(5)) < 0,
                        "the 2 s read timeout ends the call, took " + took);
            } finally {
                upstream.thaw();
            }
            client.headManifest(REPOSITORY, new Tag("v1")); // and the same client works again once it answers
        }
    }

    private TokenServer tokens() throws IOException {
        return TokenServer.start(work.resolve("tokens"), "berth-test-upstream", Map.of("alice", PASSWORD), List.of(),
                Duration.ofMinutes(5));
    }

    /** Distribution behind the token server, holding team/app:v1. */
    private TokenAuthDistribution upstream(TokenServer tokens) throws IOException {
        TokenAuthDistribution upstream = TokenAuthDistribution.start("upstream-outage", work.resolve("distribution"), tokens);
        UpstreamImages.loggedIn(upstream.host(), "alice", PASSWORD, work.resolve("crane"))
                .pushImage(REPOSITORY.value(), "v1", 4096, 7, true);
        pushTokens = tokens.requests().size();
        return upstream;
    }
}
