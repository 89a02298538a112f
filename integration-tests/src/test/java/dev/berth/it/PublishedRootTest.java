package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.it.support.OciLayout;
import dev.berth.it.support.RegistryProcess;
import dev.berth.it.support.Tools;
import dev.berth.storage.ipfs.testing.KuboNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /berth/v1/root} names a CID under which IPFS itself serves what was pushed. */
class PublishedRootTest {
    @TempDir
    Path work;

    @Test
    void theRootCidHoldsThePushedTagManifestAndNoPendingUploads() throws Exception {
        try (KuboNode kubo = KuboNode.start();
                RegistryProcess registry = RegistryProcess.berthOnIpfs("published-root", kubo)) {
            Path layer = Tools.tarOfOneFile(work, "hello.txt", "hello\n");
            String image = registry.host() + "/published/app:v1";
            Tools.tool("crane", work, "append", "-f", layer.toString(), "-t", image);
            String digest = Tools.tool("crane", work, "digest", image).strip();
            // An upload left open: its bytes are pending and must not be in the published tree.
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<Void> started = http.send(HttpRequest.newBuilder(registry.url().resolve("/v2/published/app/blobs/uploads/"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(202, started.statusCode());
            String location = started.headers().firstValue("Location").orElseThrow();
            String uploadId = location.replaceAll("[?].*", "").replaceAll(".*/", "");

            HttpResponse<String> root = http.send(HttpRequest.newBuilder(registry.url().resolve("/berth/v1/root")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, root.statusCode(), root.body());
            Matcher cid = Pattern.compile("\"cid\"\\s*:\\s*\"([a-z0-9]+)\"").matcher(root.body());
            assertTrue(cid.find(), root.body());
            String tree = "/ipfs/" + cid.group(1);

            assertEquals(digest, kubo.ipfs("cat", tree + "/repositories/published/app/_manifests/tags/v1/current/link").strip());
            String hex = digest.substring("sha256:".length());
            byte[] manifest = kubo.ipfs("cat", tree + "/blobs/sha256/" + hex.substring(0, 2) + "/" + hex + "/data")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(hex, OciLayout.sha256(manifest), "the manifest under the root CID matches its digest");
            String uploads = kubo.ipfs("ls", tree + "/uploads/published/app");
            assertFalse(uploads.contains(uploadId), "the open upload " + uploadId + " is not published: " + uploads);
        }
    }
}
