package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.it.support.RegistryProcess;
import dev.berth.it.support.Tools;
import dev.berth.storage.ipfs.kubo.FilesCommands;
import dev.berth.storage.ipfs.testing.KuboNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two registries on two Kubo nodes that share one keyset file: B pulls A's private image over IPFS
 * (bitswap) by A's private root; the same image pushed to both makes the same private tree, block
 * for block; random-key repositories share nothing; a rotation on A is refused by B until B reloads
 * the rotated keyset, re-encryption on A leaves every image pullable, and B pulls by the private
 * root's IPNS name, which is not the public root's; garbage collection on A sweeps the blobs of a
 * deleted private image and nothing that another image needs. Steps build on each other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrivateRepositoriesAcrossNodesTest {
    private static final String IMAGE = "secret/app";
    private static final String PRIVATE_ROOT = "/berth-private";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path work;

    private static KuboNode kuboA;
    private static KuboNode kuboB;
    private static RegistryProcess registryA;
    private static RegistryProcess registryB;
    private static String digestV1;

    @BeforeAll
    static void twoNodesSharingAKeyset() throws Exception {
        // A loopback DHT, so that B resolves the IPNS name A publishes its private root under
        kuboA = KuboNode.startWithLanDht();
        kuboB = KuboNode.startWithLanDht();
        Files.createDirectories(work.resolve("a"));
        Files.createDirectories(work.resolve("b"));
        registryA = start("private-nodes-a", kuboA, "a", kuboB);
        Files.copy(work.resolve("a/keyset.json"), work.resolve("b/keyset.json"));
        registryB = start("private-nodes-b", kuboB, "b", kuboA);
        Path layer = Tools.tarOfOneFile(work, "secret.txt", "a private file\n".repeat(50_000));
        Tools.tool("crane", work, "append", "-f", layer.toString(), "-t", registryA.host() + "/" + IMAGE + ":v1");
        digestV1 = Tools.tool("crane", work, "digest", registryA.host() + "/" + IMAGE + ":v1").strip();
    }

    private static RegistryProcess start(String name, KuboNode kubo, String folder, KuboNode peer) throws IOException {
        return RegistryProcess.berthOnIpfs(name, kubo, "--berth.storage.ipfs.peers=" + peer.multiaddr(),
                "--berth.publish.ipns.key=" + name, "--berth.publish.ipns.debounce=1s",
                "--berth.encryption.repositories=secret/**", "--berth.encryption.random-key-repositories=vault/**",
                "--berth.encryption.keyset=" + work.resolve(folder + "/keyset.json"),
                "--berth.encryption.staging=" + work.resolve(folder + "/staging"), "--berth.gc.grace=0s",
                "--management.endpoints.web.exposure.include=health,encryption");
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closing : new AutoCloseable[] {registryA, registryB, kuboA, kuboB}) {
            try {
                if (closing != null) {
                    closing.close();
                }
            } catch (Exception e) {
                System.err.println("could not stop " + closing + ": " + e);
            }
        }
    }

    @Test
    @Order(1)
    void aNodeWithTheKeysetPullsThePrivateImageByThePrivateRootOverBitswap() throws Exception {
        String root = privateRoot(registryA);
        String remote = registryB.host() + "/ipfs/" + root + "/" + IMAGE + ":v1";
        assertEquals(digestV1, Tools.tool("crane", work, "digest", remote).strip());
        Tools.tool("crane", work, "pull", "--format=oci", remote, work.resolve("pulled-by-b").toString());
        Tools.tool("crane", work, "pull", "--format=oci", registryA.host() + "/" + IMAGE + ":v1", work.resolve("pulled-from-a").toString());
        assertEquals(blobsOf(work.resolve("pulled-from-a")), blobsOf(work.resolve("pulled-by-b")), "the same blobs, byte for byte");
        assertTrue(blocksReceived(kuboB) > 0, "B's Kubo received the blocks by bitswap: " + kuboB.ipfs("bitswap", "stat"));
        assertTrue(privateFiles(kuboB).keySet().stream().noneMatch(path -> path.startsWith("/blobs/")), "a pull keeps nothing in B's tree");
    }

    @Test
    @Order(2)
    void theSameImagePushedOnBothNodesMakesTheSamePrivateTreeBlockForBlock() throws Exception {
        Tools.tool("crane", work, "copy", registryA.host() + "/" + IMAGE + ":v1", registryB.host() + "/" + IMAGE + ":v1");
        Map<String, String> filesOfA = privateFiles(kuboA);
        Map<String, String> filesOfB = privateFiles(kuboB);
        assertTrue(filesOfA.keySet().stream().anyMatch(path -> path.startsWith("/blobs/")), filesOfA.toString());
        assertEquals(filesOfA, filesOfB, "every file of the two private trees has the same path and CID");
        assertEquals(privateRoot(registryA), privateRoot(registryB));
    }

    @Test
    @Order(3)
    void randomKeyRepositoriesOfTheTwoNodesShareNoBlock() throws Exception {
        Map<String, String> beforeA = privateFiles(kuboA);
        Map<String, String> beforeB = privateFiles(kuboB);
        Tools.tool("crane", work, "copy", registryA.host() + "/" + IMAGE + ":v1", registryA.host() + "/vault/app:v1");
        Tools.tool("crane", work, "copy", registryA.host() + "/" + IMAGE + ":v1", registryB.host() + "/vault/app:v1");
        assertEquals(digestV1, Tools.tool("crane", work, "digest", registryB.host() + "/vault/app:v1").strip());
        Set<String> newOfA = added(beforeA, privateFiles(kuboA));
        Set<String> newOfB = added(beforeB, privateFiles(kuboB));
        assertTrue(newOfA.size() >= 5, newOfA.toString());
        Set<String> shared = new HashSet<>(newOfA);
        shared.retainAll(newOfB);
        assertTrue(shared.isEmpty(), "no CID in common: " + shared);
    }

    @Test
    @Order(4)
    void afterARotationANodeWithTheOldKeysetIsToldWhichKeyItLacksUntilItReloads() throws Exception {
        HttpResponse<String> rotated = post(registryA, "/actuator/encryption/rotate");
        assertEquals(200, rotated.statusCode(), rotated.body());
        Matcher primary = Pattern.compile("\"primaryKey\"\\s*:\\s*\"(\\d+)\"").matcher(rotated.body());
        assertTrue(primary.find(), rotated.body());
        Path layer = Tools.tarOfOneFile(work, "newer.txt", "made under the new key\n".repeat(1000));
        Tools.tool("crane", work, "append", "-b", registryA.host() + "/" + IMAGE + ":v1", "-f", layer.toString(),
                "-t", registryA.host() + "/" + IMAGE + ":v2");
        assertEquals(digestV1, Tools.tool("crane", work, "digest", registryA.host() + "/" + IMAGE + ":v1").strip(),
                "content under the old key stays readable");
        String root = privateRoot(registryA);

        HttpResponse<String> refused = get(registryB, "/v2/ipfs/" + root + "/" + IMAGE + "/manifests/v2");
        assertEquals(403, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("DENIED") && refused.body().contains("key " + primary.group(1))
                && refused.body().contains("does not hold"), refused.body());

        Files.copy(work.resolve("a/keyset.json"), work.resolve("b/keyset.json"), StandardCopyOption.REPLACE_EXISTING);
        HttpResponse<String> reloaded = post(registryB, "/actuator/encryption/reload");
        assertEquals(200, reloaded.statusCode(), reloaded.body());
        assertTrue(reloaded.body().contains(primary.group(1)), reloaded.body());
        String digestV2 = Tools.tool("crane", work, "digest", registryA.host() + "/" + IMAGE + ":v2").strip();
        assertEquals(digestV2, Tools.tool("crane", work, "digest", registryB.host() + "/ipfs/" + root + "/" + IMAGE + ":v2").strip());
        assertEquals(digestV1, Tools.tool("crane", work, "digest", registryB.host() + "/ipfs/" + root + "/" + IMAGE + ":v1").strip());
    }

    @Test
    @Order(5)
    void reencryptionMovesTheOldContentAndEveryImageStaysPullable() throws Exception {
        String before = privateRoot(registryA);
        HttpResponse<String> report = post(registryA, "/actuator/encryption/reencrypt");
        assertEquals(200, report.statusCode(), report.body());
        assertTrue(report.body().matches("(?s).*\"repositoriesMoved\"\\s*:\\s*2.*"), report.body());
        assertTrue(report.body().matches("(?s).*\"blobsReencrypted\"\\s*:\\s*[1-9].*"), report.body());
        String after = privateRoot(registryA);
        assertNotEquals(before, after);
        for (String tag : new String[] {"v1", "v2"}) {
            Tools.tool("crane", work, "pull", registryA.host() + "/" + IMAGE + ":" + tag, work.resolve("a-" + tag + ".tar").toString());
            Tools.tool("crane", work, "pull", registryB.host() + "/ipfs/" + after + "/" + IMAGE + ":" + tag,
                    work.resolve("b-" + tag + ".tar").toString());
        }
        assertEquals(digestV1, Tools.tool("crane", work, "digest", registryA.host() + "/vault/app:v1").strip());
        HttpResponse<String> second = post(registryA, "/actuator/encryption/reencrypt");
        assertTrue(second.body().matches("(?s).*\"blobsReencrypted\"\\s*:\\s*0.*"), second.body());
        assertFalse(second.body().isBlank());
    }

    @Test
    @Order(6)
    void theOtherNodePullsByTheIpnsNameOfThePrivateRootWhichIsNotThePublicRootsName() throws Exception {
        String root = privateRoot(registryA);
        String name = awaitPublished(registryA, root);
        String publicName = jsonField(get(registryA, "/berth/v1/root").body(), "ipns");
        assertNotEquals(publicName, name, "the private root has an IPNS name of its own");
        assertEquals("/ipfs/" + root, kuboA.ipfs("name", "resolve", "/ipns/" + name).strip());
        String remote = registryB.host() + "/ipns/" + name + "/" + IMAGE + ":v1";
        assertEquals(digestV1, Tools.tool("crane", work, "digest", remote).strip());
        HttpResponse<String> publicRoot = get(registryB, "/v2/ipns/" + publicName + "/" + IMAGE + "/manifests/v1");
        assertEquals(404, publicRoot.statusCode(), "the public root's name knows nothing of it: " + publicRoot.body());
    }

    @Test
    @Order(7)
    void garbageCollectionSweepsTheBlobsOfADeletedPrivateImageFromTheNodeAndKeepsTheOthers() throws Exception {
        // An image of its own: a blob whose digest any private manifest names is kept, under every key's name
        String doomed = registryA.host() + "/vault/doomed";
        Path layer = Tools.tarOfOneFile(work, "doomed.txt", "only this image holds this\n".repeat(1000));
        Tools.tool("crane", work, "append", "-f", layer.toString(), "-t", doomed + ":v1");
        String digest = Tools.tool("crane", work, "digest", doomed + ":v1").strip();
        long blobsBefore = blobFiles(kuboA);
        Tools.tool("crane", work, "delete", doomed + "@" + digest);
        String rootBefore = privateRoot(registryA);

        HttpResponse<String> report = post(registryA, "/actuator/encryption/gc");
        assertEquals(200, report.statusCode(), report.body());
        Matcher swept = Pattern.compile("\"blobsSwept\"\\s*:\\s*(\\d+)").matcher(report.body());
        assertTrue(swept.find(), report.body());
        assertEquals(2, Long.parseLong(swept.group(1)), "its config and layer: " + report.body());
        assertEquals(blobsBefore - 2, blobFiles(kuboA), "the swept blobs left the node's private tree");
        assertNotEquals(rootBefore, privateRoot(registryA), "the private root follows");
        for (String tag : new String[] {"v1", "v2"}) {
            Tools.tool("crane", work, "pull", registryA.host() + "/" + IMAGE + ":" + tag, work.resolve("after-gc-" + tag + ".tar").toString());
        }
        assertEquals(digestV1, Tools.tool("crane", work, "digest", registryA.host() + "/vault/app:v1").strip());
        assertEquals(404, get(registryA, "/v2/vault/doomed/manifests/" + digest).statusCode());
    }

    /** How many blob files the node's private tree holds. */
    /**
     * A private blob is encrypted as it arrives, and still comes out as the same ciphertext and the
     * same CIDs on two nodes however the clients split it into requests (here one request on A, four
     * on B, cut inside segments, so that B imports three pieces and joins them), and B serves it
     * back byte for byte.
     */
    @Test
    @Order(8)
    void aBlobSentWholeToOneNodeAndInFourRequestsToTheOtherIsTheSameCids() throws Exception {
        Map<String, String> beforeA = privateFiles(kuboA);
        Map<String, String> beforeB = privateFiles(kuboB);
        byte[] blob = new byte[6 * 1024 * 1024 + 12345]; // past the uploads that wait whole: B streams it into Kubo
        new java.util.Random(7).nextBytes(blob);
        String digest = "sha256:" + dev.berth.it.support.OciLayout.sha256(blob);
        String uploads = "/v2/" + IMAGE + "/blobs/uploads/";
        HttpResponse<String> whole = HTTP.send(HttpRequest.newBuilder(registryA.url().resolve(uploads + "?digest=" + digest))
                .POST(HttpRequest.BodyPublishers.ofByteArray(blob)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, whole.statusCode(), whole.body());
        HttpResponse<String> started = HTTP.send(HttpRequest.newBuilder(registryB.url().resolve(uploads))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, started.statusCode(), started.body());
        String location = started.headers().firstValue("Location").orElseThrow();
        int[] cuts = {0, 1000, 5 * 1024 * 1024 + 1, 5 * 1024 * 1024 + 256 * 1024 + 77, blob.length};
        for (int i = 0; i + 1 < cuts.length; i++) {
            HttpResponse<String> chunk = HTTP.send(HttpRequest.newBuilder(registryB.url().resolve(location))
                    .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(blob, cuts[i], cuts[i + 1] - cuts[i]))
                    .header("Content-Type", "application/octet-stream")
                    .header("Content-Range", cuts[i] + "-" + (cuts[i + 1] - 1)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(202, chunk.statusCode(), chunk.body());
            location = chunk.headers().firstValue("Location").orElseThrow();
        }
        HttpResponse<String> completed = HTTP.send(HttpRequest.newBuilder(registryB.url().resolve(
                location + (location.contains("?") ? "&" : "?") + "digest=" + digest))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, completed.statusCode(), completed.body());

        Map<String, String> newOfA = new HashMap<>(privateFiles(kuboA));
        newOfA.entrySet().removeIf(file -> file.getValue().equals(beforeA.get(file.getKey())));
        Map<String, String> newOfB = new HashMap<>(privateFiles(kuboB));
        newOfB.entrySet().removeIf(file -> file.getValue().equals(beforeB.get(file.getKey())));
        assertTrue(newOfB.keySet().containsAll(newOfA.keySet()), "the blob and its link to the repository, under the same names: "
                + newOfA.keySet() + " / " + newOfB.keySet());
        assertTrue(newOfA.keySet().stream().anyMatch(path -> path.startsWith("/blobs/")), newOfA.toString());
        newOfA.forEach((path, cid) -> assertEquals(cid, newOfB.get(path), path + ": the same CID"));
        HttpResponse<byte[]> back = HTTP.send(HttpRequest.newBuilder(registryB.url().resolve("/v2/" + IMAGE + "/blobs/" + digest)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertTrue(java.util.Arrays.equals(blob, back.body()), "B serves the blob as it was pushed");
    }

    private static long blobFiles(KuboNode node) throws IOException {
        return privateFiles(node).keySet().stream().filter(path -> path.startsWith("/blobs/")).count();
    }

    /** Waits until the registry reports its private root published under its IPNS name; returns the name. */
    private static String awaitPublished(RegistryProcess registry, String root) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(90).toNanos();
        while (true) {
            String body = get(registry, "/berth/v1/root/private").body();
            if (body.matches("(?s).*\"published\"\\s*:\\s*\\{\\s*\"cid\"\\s*:\\s*\"" + root + "\".*")) {
                return jsonField(body, "ipns");
            }
            assertTrue(System.nanoTime() < deadline, "the private root was not published within 90 s: " + body);
            Thread.sleep(500);
        }
    }

    private static String jsonField(String json, String field) {
        Matcher value = Pattern.compile("\"" + field + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        assertTrue(value.find(), field + " in " + json);
        return value.group(1);
    }

    /** The blobs of an OCI layout and their bytes, by digest. */
    private static Map<String, String> blobsOf(Path layout) throws IOException {
        Map<String, String> blobs = new HashMap<>();
        try (var files = Files.list(layout.resolve("blobs/sha256"))) {
            for (Path blob : files.toList()) {
                blobs.put(blob.getFileName().toString(), dev.berth.it.support.OciLayout.sha256(Files.readAllBytes(blob)));
            }
        }
        assertTrue(blobs.size() >= 3, "config, layer and manifest: " + blobs.keySet());
        return blobs;
    }

    /** Every file of a node's private tree and its CID, by path. */
    private static Map<String, String> privateFiles(KuboNode node) throws IOException {
        Map<String, String> files = new HashMap<>();
        collect(node, PRIVATE_ROOT, "", files);
        return files;
    }

    private static void collect(KuboNode node, String mfsFolder, String path, Map<String, String> files) throws IOException {
        for (FilesCommands.Entry entry : node.client().files().ls(mfsFolder)) {
            if (entry.isDirectory()) {
                collect(node, mfsFolder + "/" + entry.name(), path + "/" + entry.name(), files);
            } else {
                files.put(path + "/" + entry.name(), entry.hash());
            }
        }
    }

    /** The CIDs of files that are new or changed since {@code before}. */
    private static Set<String> added(Map<String, String> before, Map<String, String> after) {
        Set<String> added = new HashSet<>();
        after.forEach((path, cid) -> {
            if (!cid.equals(before.get(path))) {
                added.add(cid);
            }
        });
        return added;
    }

    private static String privateRoot(RegistryProcess registry) throws Exception {
        HttpResponse<String> root = get(registry, "/berth/v1/root/private");
        assertEquals(200, root.statusCode(), root.body());
        Matcher cid = Pattern.compile("\"cid\"\\s*:\\s*\"([a-z0-9]+)\"").matcher(root.body());
        assertTrue(cid.find(), root.body());
        return cid.group(1);
    }

    private static long blocksReceived(KuboNode node) throws IOException {
        Matcher received = Pattern.compile("\"BlocksReceived\"\\s*:\\s*(\\d+)").matcher(node.ipfs("bitswap", "stat", "--enc=json"));
        assertTrue(received.find());
        return Long.parseLong(received.group(1));
    }

    private static HttpResponse<String> get(RegistryProcess registry, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(registry.url().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(RegistryProcess registry, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(registry.url().resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    }
}
