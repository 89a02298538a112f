package dev.berth.it.mirror;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.it.support.OciLayout;
import dev.berth.it.support.RegistryProcess;
import dev.berth.it.support.TokenAuthDistribution;
import dev.berth.it.support.TokenServer;
import dev.berth.it.support.Tools;
import dev.berth.it.support.UpstreamImages;
import dev.berth.storage.ipfs.testing.KuboNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Berth on IPFS as a pull-through mirror of {@code docker.io}, whose upstream is CNCF distribution
 * asking for Docker token authentication (the mirror logs in as alice). crane pulls through it by
 * path; the cache is this registry's own store, so it is part of the published tree.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MirrorPullThroughTest {
    private static final String PASSWORD = "mirror-5ecret";
    private static final Duration TAG_TTL = Duration.ofSeconds(3);

    @TempDir
    static Path work;
    private TokenServer tokens;
    private TokenAuthDistribution upstream;
    private UpstreamImages images;
    private KuboNode kubo;
    private RegistryProcess mirror;
    private String busybox;

    @BeforeAll
    void startUpstreamAndMirror() throws IOException {
        tokens = TokenServer.start(work.resolve("tokens"), "berth-test-upstream", Map.of("alice", PASSWORD), List.of(), Duration.ofMinutes(5));
        upstream = TokenAuthDistribution.start("mirror-pull-through-upstream", work.resolve("distribution"), tokens);
        images = UpstreamImages.loggedIn(upstream.host(), "alice", PASSWORD, work.resolve("crane"));
        busybox = images.pushImage("library/busybox", "latest", 2 * 1024 * 1024 + 3, 1, false);
        kubo = KuboNode.start();
        List<String> arguments = new ArrayList<>(MirrorHttp.upstream(0, "docker.io", upstream.url(), "alice", PASSWORD,
                "tag-ttl=" + TAG_TTL.toSeconds() + "s", "exclude=team/secret/**"));
        arguments.add("--management.endpoints.web.exposure.include=health,prometheus,mirror");
        mirror = RegistryProcess.berthOnIpfs("mirror-pull-through", kubo, arguments.toArray(String[]::new));
    }

    @AfterAll
    void stop() {
        for (AutoCloseable part : new AutoCloseable[] {mirror, kubo, upstream, tokens}) {
            try {
                if (part != null) {
                    part.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void cranePullsByPathWithDockerHubsImplicitLibraryAndTheCacheServesTheSecondPull() throws Exception {
        assertEquals(busybox, crane("digest", mirror.host() + "/docker.io/busybox:latest").strip());
        Path first = work.resolve("first.tar");
        crane("pull", mirror.host() + "/docker.io/library/busybox:latest", first.toString());
        Path second = work.resolve("second.tar");
        crane("pull", mirror.host() + "/docker.io/library/busybox:latest", second.toString());
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));

        HttpResponse<byte[]> manifest = MirrorHttp.get(url("/v2/docker.io/library/busybox/manifests/" + busybox));
        assertEquals(200, manifest.statusCode());
        assertEquals("hit", MirrorHttp.servedFrom(manifest));
        List<String> blobs = digestsIn(new String(manifest.body(), StandardCharsets.UTF_8));
        MirrorHttp.awaitCached(mirror.url(), "docker.io/library/busybox", blobs);
        String layer = blobs.getLast();
        HttpResponse<byte[]> blob = MirrorHttp.get(url("/v2/docker.io/library/busybox/blobs/" + layer));
        assertEquals("hit", MirrorHttp.servedFrom(blob));
        assertEquals(layer, "sha256:" + OciLayout.sha256(blob.body()));
        // the cache is the mirror's repository in this registry's own, published tree
        String cid = kubo.ipfs("files", "stat", "--hash", "/berth/blobs/sha256/" + layer.substring(7, 9) + "/" + layer.substring(7) + "/data").strip();
        assertEquals(cid, blob.headers().firstValue("X-Ipfs-Path").orElseThrow().substring("/ipfs/".length()));
        assertTrue(kubo.ipfs("files", "ls", "/berth/repositories/docker.io/library/busybox").contains("_manifests"));
    }

    @Test
    void pushesIntoMirroredRepositoriesAreDenied() throws Exception {
        HttpResponse<byte[]> upload = MirrorHttp.send(HttpRequest.newBuilder(url("/v2/docker.io/library/busybox/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(403, upload.statusCode());
        assertTrue(new String(upload.body(), StandardCharsets.UTF_8).contains("DENIED"));
        HttpResponse<byte[]> manifest = MirrorHttp.send(HttpRequest.newBuilder(url("/v2/docker.io/library/busybox/manifests/mine"))
                .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertEquals(403, manifest.statusCode());
    }

    @Test
    void aTagIsServedFromTheCacheWithinItsTimeToLiveAndFollowsTheUpstreamAfter() throws Exception {
        String before = images.pushImage("library/moving", "v1", 4096, 21, true);
        assertEquals(before, crane("digest", mirror.host() + "/docker.io/library/moving:v1").strip());
        String after = images.pushImage("library/moving", "v1", 4096, 22, true);
        HttpResponse<byte[]> cached = MirrorHttp.get(url("/v2/docker.io/library/moving/manifests/v1"));
        assertEquals(before, cached.headers().firstValue("Docker-Content-Digest").orElseThrow(), "within the time-to-live");
        assertEquals("hit", MirrorHttp.servedFrom(cached));
        Thread.sleep(TAG_TTL.toMillis() + 500);
        HttpResponse<byte[]> followed = MirrorHttp.get(url("/v2/docker.io/library/moving/manifests/v1"));
        assertEquals(after, followed.headers().firstValue("Docker-Content-Digest").orElseThrow(), "checked again after it");
        assertEquals("miss", MirrorHttp.servedFrom(followed));
        Path log = upstream.log();
        assertTrue(MirrorHttp.mirrorRequestsServed(log, "HEAD", "/v2/library/moving/manifests/v1") >= 2, "the tag is checked with a HEAD");
        assertEquals(0, MirrorHttp.mirrorRequestsServed(log, "GET", "/v2/library/moving/manifests/v1"), "and never fetched by tag");
        assertEquals(before, crane("digest", mirror.host() + "/docker.io/library/moving@" + before).strip(), "by digest, kept for good");
    }

    @Test
    void concurrentPullsOfOneLargeBlobReachTheUpstreamOnce() throws Exception {
        String image = images.pushImage("library/large", "v1", 48L * 1024 * 1024, 31, false);
        HttpResponse<byte[]> manifest = MirrorHttp.get(url("/v2/docker.io/library/large/manifests/" + image));
        String layer = digestsIn(new String(manifest.body(), StandardCharsets.UTF_8)).getLast();
        List<Future<HttpResponse<byte[]>>> pulls = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 4; i++) {
                pulls.add(clients.submit(() -> MirrorHttp.get(url("/v2/docker.io/library/large/blobs/" + layer))));
            }
            for (Future<HttpResponse<byte[]>> pull : pulls) {
                HttpResponse<byte[]> response = pull.get();
                assertEquals(200, response.statusCode());
                assertEquals(layer, "sha256:" + OciLayout.sha256(response.body()));
            }
        }
        MirrorHttp.awaitCached(mirror.url(), "docker.io/library/large", List.of(layer));
        assertEquals(1, MirrorHttp.blobGetsServed(upstream.log(), "library/large", layer), "the upstream served the blob once");
    }

    @Test
    void repositoriesTheGlobsLeaveOutAreUnknown() throws Exception {
        images.pushImage("team/secret/keys", "v1", 1024, 41, true);
        HttpResponse<byte[]> response = MirrorHttp.get(url("/v2/docker.io/team/secret/keys/manifests/v1"));
        assertEquals(404, response.statusCode());
        assertTrue(new String(response.body(), StandardCharsets.UTF_8).contains("NAME_UNKNOWN"));
    }

    @Test
    void containerdsNamespaceParameterNamesTheMirroredRepository() throws Exception {
        HttpResponse<byte[]> manifest = MirrorHttp.get(url("/v2/library/busybox/manifests/latest?ns=docker.io"));
        assertEquals(200, manifest.statusCode(), new String(manifest.body(), StandardCharsets.UTF_8));
        assertEquals(busybox, manifest.headers().firstValue("Docker-Content-Digest").orElseThrow());
        HttpResponse<byte[]> local = MirrorHttp.get(url("/v2/library/busybox/manifests/latest"));
        assertEquals(404, local.statusCode(), "without ns, the name is this registry's own");
    }

    @Test
    void anAdministratorPrefetchesAnIndexWithItsImagesAndTheirBlobs() throws Exception {
        String amd = images.pushImage("team/app", "amd", 8192, 51, true);
        String arm = images.pushImage("team/app", "arm", 8192, 52, true);
        String index = images.pushIndex("team/app", "multi", List.of(amd, arm));
        HttpResponse<byte[]> report = MirrorHttp.send(HttpRequest.newBuilder(url("/actuator/mirror"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"images\": \"docker.io/team/app:multi docker.io/team/none:v1\"}"))
                .build());
        String body = new String(report.body(), StandardCharsets.UTF_8);
        assertEquals(200, report.statusCode(), body);
        assertTrue(body.contains("\"digest\":\"" + index + "\"") && body.contains("\"manifests\":3") && body.contains("\"blobs\":4"), body);
        assertTrue(body.contains("docker.io/team/none:v1") && body.contains("\"error\":"), "a failure is reported per image: " + body);
        for (String child : List.of(amd, arm)) {
            HttpResponse<byte[]> manifest = MirrorHttp.get(url("/v2/docker.io/team/app/manifests/" + child));
            assertEquals("hit", MirrorHttp.servedFrom(manifest));
            for (String blob : digestsIn(new String(manifest.body(), StandardCharsets.UTF_8))) {
                HttpResponse<byte[]> head = MirrorHttp.send(HttpRequest.newBuilder(url("/v2/docker.io/team/app/blobs/" + blob))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
                assertEquals("hit", MirrorHttp.servedFrom(head), blob);
            }
        }
    }

    @Test
    void theMirrorCountsHitsMissesAndBytesFromTheUpstream() throws Exception {
        crane("digest", mirror.host() + "/docker.io/library/busybox:latest");
        assertTrue(MirrorHttp.counter(mirror.url(), "berth_mirror_hits_total\\{content=\"manifest\"") > 0);
        assertTrue(MirrorHttp.counter(mirror.url(), "berth_mirror_misses_total\\{content=\"blob\",source=\"upstream\"") > 0);
        assertTrue(MirrorHttp.counter(mirror.url(), "berth_mirror_upstream_bytes_total\\{upstream=\"docker.io\"") > 2 * 1024 * 1024);
    }

    private URI url(String path) {
        return mirror.url().resolve(path);
    }

    private String crane(String... args) {
        return Tools.tool("crane", work, args);
    }

    static List<String> digestsIn(String manifest) {
        return Pattern.compile("\"(sha256:[0-9a-f]{64})\"").matcher(manifest).results().map(m -> m.group(1)).toList();
    }
}
