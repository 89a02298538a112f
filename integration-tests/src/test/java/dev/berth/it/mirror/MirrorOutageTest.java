package dev.berth.it.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.it.support.RateLimitingNginx;
import dev.berth.it.support.RegistryProcess;
import dev.berth.it.support.TokenAuthDistribution;
import dev.berth.it.support.TokenServer;
import dev.berth.it.support.Tools;
import dev.berth.it.support.UpstreamImages;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mirror when its upstreams fail: {@code docker.io} is a distribution that the test stops,
 * {@code ghcr.io} a distribution behind nginx rate limiting as Docker Hub does. Tags are checked at
 * every pull (time-to-live 0), so every pull asks the upstream; what is cached is served anyway,
 * and the response says it is stale. The cache is on the filesystem driver here: how the mirror
 * stores does not change how it copes with its upstreams.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MirrorOutageTest {
    private static final String PASSWORD = "outage-5ecret";

    @TempDir
    static Path work;
    private TokenServer tokens;
    private TokenAuthDistribution hub;
    private TokenAuthDistribution limited;
    private RateLimitingNginx nginx;
    private RegistryProcess mirror;
    private String busybox;
    private String app;

    @BeforeAll
    void start() throws IOException {
        tokens = TokenServer.start(work.resolve("tokens"), "berth-test-upstream", Map.of("alice", PASSWORD), List.of(), Duration.ofMinutes(5));
        hub = TokenAuthDistribution.start("mirror-outage-hub", work.resolve("hub"), tokens);
        limited = TokenAuthDistribution.start("mirror-outage-limited", work.resolve("limited"), tokens);
        busybox = UpstreamImages.loggedIn(hub.host(), "alice", PASSWORD, work.resolve("crane-hub"))
                .pushImage("library/busybox", "latest", 1024 * 1024, 1, false);
        UpstreamImages.loggedIn(hub.host(), "alice", PASSWORD, work.resolve("crane-hub")).pushImage("library/other", "v1", 1024, 2, false);
        UpstreamImages limitedImages = UpstreamImages.loggedIn(limited.host(), "alice", PASSWORD, work.resolve("crane-limited"));
        app = limitedImages.pushImage("team/app", "v1", 1024 * 1024, 3, true);
        limitedImages.pushImage("team/app", "v2", 1024, 4, true);
        // One request a minute beyond a burst that the first pull fits in; the test spends the rest.
        nginx = RateLimitingNginx.inFrontOf(work.resolve("nginx"), limited.url(), "1r/m", 20, 30);
        List<String> arguments = new ArrayList<>(List.of("--berth.storage.driver=filesystem",
                "--berth.storage.filesystem.root=" + work.resolve("mirror")));
        arguments.addAll(MirrorHttp.upstream(0, "docker.io", hub.url(), "alice", PASSWORD, "tag-ttl=0s", "read-timeout=3s",
                "request-timeout=5s"));
        arguments.addAll(MirrorHttp.upstream(1, "ghcr.io", nginx.url(), "alice", PASSWORD, "tag-ttl=0s"));
        arguments.add("--management.endpoints.web.exposure.include=health,prometheus");
        mirror = RegistryProcess.berth("mirror-outage", arguments);
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable part : new AutoCloseable[] {mirror, nginx, limited, hub, tokens}) {
            if (part != null) {
                part.close();
            }
        }
    }

    @Test
    void aRateLimitedUpstreamLeavesCachedTagsServedAndSaysSoWhileWhatIsNotCachedIsTooManyRequests() throws Exception {
        assertEquals(app, crane("digest", mirror.host() + "/ghcr.io/team/app:v1").strip());
        crane("pull", mirror.host() + "/ghcr.io/team/app:v1", work.resolve("app-v1.tar").toString());
        spendTheAllowance();

        HttpResponse<byte[]> stale = MirrorHttp.get(url("/v2/ghcr.io/team/app/manifests/v1"));
        assertEquals(200, stale.statusCode(), body(stale));
        assertEquals(app, stale.headers().firstValue("Docker-Content-Digest").orElseThrow());
        assertEquals("stale; upstream-error=rate_limited", MirrorHttp.servedFrom(stale));
        assertTrue(MirrorHttp.counter(mirror.url(), "berth_mirror_upstream_errors_total\\{error=\"rate_limited\",upstream=\"ghcr.io\"") > 0);
        assertTrue(MirrorHttp.counter(mirror.url(), "berth_mirror_stale_total\\{content=\"manifest\"") > 0);
        crane("pull", mirror.host() + "/ghcr.io/team/app:v1", work.resolve("app-v1-again.tar").toString());

        HttpResponse<byte[]> uncached = MirrorHttp.get(url("/v2/ghcr.io/team/app/manifests/v2"));
        assertEquals(429, uncached.statusCode(), body(uncached));
        assertTrue(body(uncached).contains("TOOMANYREQUESTS"), body(uncached));
    }

    @Test
    void aStoppedUpstreamLeavesTheCacheServingAndWhatIsNotCachedUnavailableAtOnce() throws Exception {
        crane("pull", mirror.host() + "/docker.io/library/busybox:latest", work.resolve("busybox.tar").toString());
        hub.close();

        assertEquals(busybox, crane("digest", mirror.host() + "/docker.io/library/busybox:latest").strip());
        crane("pull", mirror.host() + "/docker.io/library/busybox:latest", work.resolve("busybox-again.tar").toString());
        HttpResponse<byte[]> stale = MirrorHttp.get(url("/v2/docker.io/library/busybox/manifests/latest"));
        assertEquals("stale; upstream-error=unavailable", MirrorHttp.servedFrom(stale));
        assertTrue(MirrorHttp.counter(mirror.url(), "berth_mirror_upstream_errors_total\\{error=\"unavailable\",upstream=\"docker.io\"") > 0);

        Instant asked = Instant.now();
        HttpResponse<byte[]> uncached = MirrorHttp.get(url("/v2/docker.io/library/other/manifests/v1"));
        assertEquals(503, uncached.statusCode(), body(uncached));
        assertTrue(body(uncached).contains("UNAVAILABLE"), body(uncached));
        assertTrue(Duration.between(asked, Instant.now()).compareTo(Duration.ofSeconds(5)) < 0, "a refused connection fails at once");
    }

    /** Direct requests to nginx until it refuses one: the mirror's next request is refused too. */
    private void spendTheAllowance() throws IOException {
        for (int i = 0; i < 40; i++) {
            if (MirrorHttp.get(nginx.url().resolve("/v2/")).statusCode() == 429) {
                return;
            }
        }
        throw new AssertionError("nginx never refused a request");
    }

    private URI url(String path) {
        return mirror.url().resolve(path);
    }

    private String crane(String... args) {
        return Tools.tool("crane", work, args);
    }

    private static String body(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
