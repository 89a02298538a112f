package dev.berth.it.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import dev.berth.it.support.EdgeCaseRegistry;
import dev.berth.it.support.OciLayout;
import dev.berth.it.support.RegistryProcess;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mirror over an upstream that misbehaves as no real registry does on demand (a small registry
 * of the test's own, behind basic auth): a blob whose bytes do not hash to its digest, one sent
 * without a length, and a tag whose upstream starts answering server errors. The cache is on the filesystem driver, so the test can see what was stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MirrorEdgeCasesTest {
    private static final int SIZE = 1024 * 1024 + 7;
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    @TempDir
    static Path work;
    private EdgeCaseRegistry upstream;
    private RegistryProcess mirror;
    private final byte[] content = new byte[SIZE];
    private final AtomicBoolean failing = new AtomicBoolean();
    private String digest;
    private String flakyManifest;

    @BeforeAll
    void start() throws IOException {
        new Random(5).nextBytes(content);
        digest = "sha256:" + OciLayout.sha256(content);
        upstream = EdgeCaseRegistry.start("edge", "edge-5ecret");
        byte[] corrupt = content.clone();
        corrupt[SIZE - 1000] ^= 1;
        upstream.route("/v2/library/corrupt/blobs/" + digest, exchange -> EdgeCaseRegistry.reply(exchange, 200,
                "application/octet-stream", corrupt));
        upstream.route("/v2/library/unsized/blobs/" + digest, exchange -> withoutLength(exchange, content));
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:" + OciLayout.sha256("{}".getBytes(StandardCharsets.UTF_8))
                + "\",\"size\":2},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + digest
                + "\",\"size\":" + SIZE + "}]}").getBytes(StandardCharsets.UTF_8);
        flakyManifest = "sha256:" + OciLayout.sha256(manifest);
        for (String reference : List.of("v1", flakyManifest)) {
            upstream.route("/v2/library/flaky/manifests/" + reference, exchange -> {
                if (failing.get()) {
                    EdgeCaseRegistry.reply(exchange, 500, "text/plain", "down for maintenance".getBytes(StandardCharsets.UTF_8));
                } else {
                    exchange.getResponseHeaders().set("Docker-Content-Digest", flakyManifest);
                    EdgeCaseRegistry.reply(exchange, 200, OCI_MANIFEST, manifest);
                }
            });
        }
        List<String> arguments = new ArrayList<>(List.of("--berth.storage.driver=filesystem",
                "--berth.storage.filesystem.root=" + work.resolve("mirror")));
        arguments.addAll(MirrorHttp.upstream(0, "edge.example", upstream.url(), "edge", "edge-5ecret", "tag-ttl=0s"));
        mirror = RegistryProcess.berth("mirror-edge-cases", arguments);
    }

    @AfterAll
    void stop() {
        if (mirror != null) {
            mirror.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void aBlobThatDoesNotHashToItsDigestIsCutShortAtTheClientAndNotKept() throws Exception {
        for (int attempt = 0; attempt < 2; attempt++) {
            HttpResponse<byte[]> response;
            try {
                response = MirrorHttp.get(mirror.url().resolve("/v2/edge.example/library/corrupt/blobs/" + digest));
            } catch (IOException cutShort) {
                continue; // what a client sees when the body ends before its Content-Length
            }
            assertTrue(response.statusCode() != 200 || response.body().length < SIZE,
                    "a corrupt blob never arrives whole: " + response.statusCode() + ", " + response.body().length + " bytes");
        }
        String hex = digest.substring("sha256:".length());
        assertFalse(Files.exists(work.resolve("mirror/blobs/sha256/" + hex.substring(0, 2) + "/" + hex)), "nothing was stored");
        assertEquals(0, filesUnder(work.resolve("mirror/uploads")), "no pending content is left");
    }

    @Test
    void aBlobSentWithoutALengthIsServedOnceStoredAndVerified() throws Exception {
        HttpResponse<byte[]> first = MirrorHttp.get(mirror.url().resolve("/v2/edge.example/library/unsized/blobs/" + digest));
        assertEquals(200, first.statusCode());
        assertEquals(digest, "sha256:" + OciLayout.sha256(first.body()));
        assertEquals("miss", MirrorHttp.servedFrom(first));
        HttpResponse<byte[]> second = MirrorHttp.get(mirror.url().resolve("/v2/edge.example/library/unsized/blobs/" + digest));
        assertEquals("hit", MirrorHttp.servedFrom(second));
        assertEquals(new String(first.body(), StandardCharsets.ISO_8859_1), new String(second.body(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void anUpstreamAnsweringServerErrorsLeavesTheCachedTagServedAndSaysSo() throws Exception {
        HttpResponse<byte[]> fresh = MirrorHttp.get(mirror.url().resolve("/v2/edge.example/library/flaky/manifests/v1"));
        assertEquals(200, fresh.statusCode(), new String(fresh.body(), StandardCharsets.UTF_8));
        assertEquals("miss", MirrorHttp.servedFrom(fresh));
        failing.set(true);
        HttpResponse<byte[]> stale = MirrorHttp.get(mirror.url().resolve("/v2/edge.example/library/flaky/manifests/v1"));
        assertEquals(200, stale.statusCode(), new String(stale.body(), StandardCharsets.UTF_8));
        assertEquals(flakyManifest, stale.headers().firstValue("Docker-Content-Digest").orElseThrow());
        assertEquals("stale; upstream-error=server_error", MirrorHttp.servedFrom(stale));
    }

    private static void withoutLength(HttpExchange exchange, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        exchange.sendResponseHeaders(200, 0); // chunked: no Content-Length
        exchange.getResponseBody().write(body);
    }

    private static long filesUnder(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return 0;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            return paths.filter(Files::isRegularFile).count();
        }
    }
}
