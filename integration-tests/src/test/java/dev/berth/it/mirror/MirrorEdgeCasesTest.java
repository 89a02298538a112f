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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mirror over an upstream that misbehaves as no real registry does on demand (a small registry
 * of the test's own, behind basic auth): a blob whose bytes do not hash to its digest, and one sent
 * without a length. The cache is on the filesystem driver, so the test can see what was stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MirrorEdgeCasesTest {
    private static final int SIZE = 1024 * 1024 + 7;

    @TempDir
    static Path work;
    private EdgeCaseRegistry upstream;
    private RegistryProcess mirror;
    private final byte[] content = new byte[SIZE];
    private String digest;

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
        List<String> arguments = new ArrayList<>(List.of("--berth.storage.driver=filesystem",
                "--berth.storage.filesystem.root=" + work.resolve("mirror")));
        arguments.addAll(MirrorHttp.upstream(0, "edge.example", upstream.url(), "edge", "edge-5ecret"));
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
