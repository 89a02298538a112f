package dev.berth.it.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.it.support.RegistryProcess;
import dev.berth.it.support.TokenAuthDistribution;
import dev.berth.it.support.TokenServer;
import dev.berth.it.support.Tools;
import dev.berth.it.support.UpstreamImages;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mirror's cache over a size budget of 1 MiB: of two images of about 700 KiB, the one pulled
 * less recently goes when the check runs, and garbage collection (grace 0 here) then removes its
 * blobs from storage. What is left is still served from the cache; what went is fetched again. The
 * other image goes too once nobody pulled it for {@code max-idle}.
 */
class MirrorEvictionTest {
    private static final String PASSWORD = "eviction-5ecret";
    /** Long enough that the newer image is not idle at the first check, even on a busy machine. */
    private static final Duration MAX_IDLE = Duration.ofSeconds(20);

    @TempDir
    static Path work;

    @Test
    void overTheBudgetTheLeastRecentlyPulledImageGoesAndItsBlobsAreCollected() throws Exception {
        try (TokenServer tokens = TokenServer.start(work.resolve("tokens"), "berth-test-upstream", Map.of("alice", PASSWORD), List.of(),
                Duration.ofMinutes(5));
             TokenAuthDistribution upstream = TokenAuthDistribution.start("mirror-eviction-upstream", work.resolve("upstream"), tokens)) {
            UpstreamImages images = UpstreamImages.loggedIn(upstream.host(), "alice", PASSWORD, work.resolve("crane"));
            images.pushImage("library/older", "v1", 700 * 1024, 1, false);
            images.pushImage("library/newer", "v1", 700 * 1024, 2, false);
            List<String> arguments = new ArrayList<>(List.of("--berth.storage.driver=filesystem",
                    "--berth.storage.filesystem.root=" + work.resolve("mirror"), "--berth.mirror.cache.max-size=1MB",
                    "--berth.mirror.cache.max-idle=" + MAX_IDLE.toSeconds() + "s", "--berth.gc.grace=0s",
                    "--management.endpoints.web.exposure.include=health,mirror"));
            arguments.addAll(MirrorHttp.upstream(0, "docker.io", upstream.url(), "alice", PASSWORD));
            try (RegistryProcess mirror = RegistryProcess.berth("mirror-eviction", arguments)) {
                crane("pull", mirror.host() + "/docker.io/library/older:v1", work.resolve("older.tar").toString());
                crane("pull", mirror.host() + "/docker.io/library/newer:v1", work.resolve("newer.tar").toString());
                String olderLayer = MirrorPullThroughTest.digestsIn(images.manifest("library/older:v1")).getLast();
                String newerLayer = MirrorPullThroughTest.digestsIn(images.manifest("library/newer:v1")).getLast();
                awaitStored(olderLayer);
                awaitStored(newerLayer);

                HttpResponse<byte[]> check = MirrorHttp.send(HttpRequest.newBuilder(mirror.url().resolve("/actuator/mirror")).DELETE().build());
                String report = new String(check.body(), StandardCharsets.UTF_8);
                assertEquals(200, check.statusCode(), report);
                assertEquals(1, number(report, "imagesEvicted"), report);
                assertTrue(number(report, "bytesBefore") > 1024 * 1024 && number(report, "bytesAfter") <= 1024 * 1024, report);
                assertTrue(number(report, "blobsSwept") >= 2, "collection removed the evicted image's config and layer: " + report);

                assertFalse(Files.exists(blobData(olderLayer)), "the older image's layer is gone from storage");
                assertTrue(Files.exists(blobData(newerLayer)));
                assertEquals("hit", MirrorHttp.servedFrom(get(mirror.url(), "/v2/docker.io/library/newer/manifests/v1")));
                assertEquals("miss", MirrorHttp.servedFrom(get(mirror.url(), "/v2/docker.io/library/older/blobs/" + olderLayer)));

                // then nobody pulls the newer image for longer than max-idle: it goes too, though within the budget
                Thread.sleep(MAX_IDLE.plusSeconds(1).toMillis());
                HttpResponse<byte[]> idle = MirrorHttp.send(HttpRequest.newBuilder(mirror.url().resolve("/actuator/mirror")).DELETE().build());
                String idleReport = new String(idle.body(), StandardCharsets.UTF_8);
                assertEquals(1, number(idleReport, "imagesEvicted"), idleReport);
                assertFalse(Files.exists(blobData(newerLayer)), "the idle image's layer is gone from storage");
            }
        }
    }

    private static HttpResponse<byte[]> get(URI base, String path) throws Exception {
        return MirrorHttp.get(base.resolve(path));
    }

    private static void awaitStored(String digest) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!Files.exists(blobData(digest))) {
            assertTrue(Instant.now().isBefore(deadline), digest + " was stored within 60 s");
            Thread.sleep(100);
        }
    }

    private static Path blobData(String digest) {
        String hex = digest.substring("sha256:".length());
        return work.resolve("mirror/blobs/sha256/" + hex.substring(0, 2) + "/" + hex + "/data");
    }

    private static long number(String json, String field) {
        Matcher matcher = Pattern.compile("\"" + field + "\"\\s*:\\s*(\\d+)").matcher(json);
        assertTrue(matcher.find(), field + " in " + json);
        return Long.parseLong(matcher.group(1));
    }

    private static String crane(String... args) {
        return Tools.tool("crane", work, args);
    }
}
