package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.it.support.RegistryProcess;
import dev.berth.it.support.Tools;
import dev.berth.storage.ipfs.testing.KuboNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage collection on a real Kubo: after an image is deleted and Berth's GC runs (through the
 * actuator endpoint), Kubo's own {@code repo gc} reclaims that image's blocks, because Berth
 * unlinked them from MFS and never pinned them; the other image keeps its blocks and still pulls.
 */
class GarbageCollectionOnIpfsTest {
    private static final Pattern DIGEST = Pattern.compile("\"digest\"\\s*:\\s*\"(sha256:[0-9a-f]{64})\"");

    @TempDir
    Path work;

    @Test
    void aDeletedImagesBlocksAreReclaimedByKuboRepoGcWhileTheOtherImageStillPulls() throws Exception {
        try (KuboNode kubo = KuboNode.start();
                RegistryProcess registry = RegistryProcess.berthOnIpfs("gc-on-ipfs", kubo,
                        "--management.endpoints.web.exposure.include=health,gc", "--berth.gc.grace=0s")) {
            String kept = registry.host() + "/gc/kept:v1";
            String deleted = registry.host() + "/gc/deleted:v1";
            // layers of incompressible text larger than one 256 KiB chunk, so each spans several blocks
            Tools.tool("crane", work, "append", "-f", Tools.tarOfOneFile(work, "kept.txt", noise(1, 600_000)).toString(), "-t", kept);
            Tools.tool("crane", work, "append", "-f", Tools.tarOfOneFile(work, "deleted.txt", noise(2, 600_000)).toString(), "-t", deleted);
            String keptDigest = Tools.tool("crane", work, "digest", kept).strip();
            String deletedDigest = Tools.tool("crane", work, "digest", deleted).strip();
            Set<String> keptBlocks = blocksOf(kubo, blobsOf(kept, keptDigest));
            Set<String> deletedBlocks = blocksOf(kubo, blobsOf(deleted, deletedDigest));
            deletedBlocks.removeAll(keptBlocks);
            assertTrue(deletedBlocks.size() > 3, "the deleted image has blocks of its own: " + deletedBlocks);
            assertTrue(localBlocks(kubo).containsAll(deletedBlocks), "the node holds them before");

            Tools.tool("crane", work, "delete", registry.host() + "/gc/deleted@" + deletedDigest);
            HttpResponse<String> gc = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(registry.url().resolve("/actuator/gc"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"dryRun\": false}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, gc.statusCode(), gc.body());
            assertTrue(gc.body().contains("\"blobsSwept\":3"), "manifest, config and layer swept: " + gc.body());
            assertTrue(gc.body().contains("\"dryRun\":false"), gc.body());
            // The derived trees (gateway view, image trees) drop the deleted image shortly after the delete,
            // off the request path; the root answers once they have, and only then are its blocks unlinked.
            HttpResponse<String> root = HttpClient.newHttpClient().send(HttpRequest.newBuilder(registry.url().resolve("/berth/v1/root"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, root.statusCode(), root.body());

            kubo.ipfs("repo", "gc");

            Set<String> local = localBlocks(kubo);
            assertTrue(local.containsAll(keptBlocks), "every block of the kept image stays");
            for (String block : deletedBlocks) {
                assertFalse(local.contains(block), "block " + block + " of the deleted image was reclaimed");
            }
            Path pulled = work.resolve("pulled");
            Tools.tool("crane", work, "pull", "--format=oci", kept, pulled.toString());
            assertEquals(keptDigest, Tools.tool("crane", work, "digest", kept).strip());
            assertTrue(Tools.tool("crane", work, "export", kept, "-").length() > 600_000, "the kept layer still reads whole");
        }
    }

    private static Set<String> localBlocks(KuboNode kubo) throws IOException {
        return Set.copyOf(kubo.ipfs("refs", "local").lines().map(String::strip).toList());
    }

    /** The image's blobs: its manifest and every digest the manifest names. */
    private Set<String> blobsOf(String image, String manifestDigest) {
        Set<String> blobs = new HashSet<>(Set.of(manifestDigest));
        Matcher digests = DIGEST.matcher(Tools.tool("crane", work, "manifest", image));
        while (digests.find()) {
            blobs.add(digests.group(1));
        }
        return blobs;
    }

    /**
     * Every block of the blobs' files in Berth's MFS tree, named as {@code ipfs refs local} names
     * blocks (CIDv1, raw codec: the blockstore keeps multihashes only).
     */
    private static Set<String> blocksOf(KuboNode kubo, Set<String> digests) throws IOException {
        List<String> blocks = new ArrayList<>();
        for (String digest : digests) {
            String hex = digest.substring("sha256:".length());
            String cid = kubo.ipfs("files", "stat", "--hash", "/berth/blobs/sha256/" + hex.substring(0, 2) + "/" + hex + "/data").strip();
            blocks.add(cid);
            kubo.ipfs("refs", "-r", "-u", cid).lines().map(String::strip).filter(line -> !line.isEmpty()).forEach(blocks::add);
        }
        List<String> format = new ArrayList<>(List.of("cid", "format", "-v", "1", "--mc", "raw", "-b", "base32"));
        format.addAll(blocks);
        return new HashSet<>(kubo.ipfs(format.toArray(String[]::new)).lines().map(String::strip).toList());
    }

    /** Text that gzip cannot shrink much, the same for the same seed. */
    private static String noise(long seed, int length) {
        byte[] bytes = new byte[length / 2];
        new Random(seed).nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
