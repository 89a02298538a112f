package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.it.support.RegistryProcess;
import dev.berth.it.support.Tools;
import dev.berth.storage.ipfs.testing.KuboNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Private repositories on a real Kubo node, pushed and pulled with oras and crane: nothing of them
 * reaches the blockstore in plain text, the public tree never names them, ranges read what they
 * serve, and a registry without the keyset refuses them with an OCI error.
 */
class PrivateRepositoriesOnIpfsTest {
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final String PRIVATE_REPOSITORY = "secret/marker-repo-" + SUFFIX;
    private static final String PRIVATE_TAG = "tag-" + SUFFIX;
    private static final String PRIVATE_MARKER = "private-marker-" + SUFFIX;
    private static final String PUBLIC_REPOSITORY = "public/shown-repo-" + SUFFIX;
    private static final String PUBLIC_MARKER = "public-marker-" + SUFFIX;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path work;

    private static KuboNode kubo;
    private static RegistryProcess registry;
    private static String privateDigest;

    @BeforeAll
    static void pushAPrivateAndAPublicImage() throws Exception {
        kubo = KuboNode.start();
        registry = RegistryProcess.berthOnIpfs("private-a", kubo, "--berth.encryption.repositories=secret/**",
                "--berth.encryption.keyset=" + work.resolve("keyset.json"), "--berth.encryption.staging=" + work.resolve("staging"),
                "--management.endpoints.web.exposure.include=health,prometheus,encryption");
        assertTrue(Files.readString(registry.log()).contains("Created a new encryption keyset at " + work.resolve("keyset.json")),
                "the log says where the new keyset is");
        Files.writeString(work.resolve("private.txt"), ("a layer of " + PRIVATE_MARKER + "\n").repeat(2000));
        Files.writeString(work.resolve("public.txt"), ("a layer of " + PUBLIC_MARKER + "\n").repeat(2000));
        Tools.tool("oras", work, "push", "--plain-http", registry.host() + "/" + PRIVATE_REPOSITORY + ":" + PRIVATE_TAG,
                "private.txt:text/plain");
        Tools.tool("oras", work, "push", "--plain-http", registry.host() + "/" + PUBLIC_REPOSITORY + ":v1", "public.txt:text/plain");
        privateDigest = Tools.tool("crane", work, "digest", registry.host() + "/" + PRIVATE_REPOSITORY + ":" + PRIVATE_TAG).strip();
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (kubo != null) {
            kubo.close();
        }
    }

    @Test
    void theBlockstoreHoldsNoMarkerNameOrTagOfThePrivateImageButThoseOfThePublicOne() throws Exception {
        flush();
        byte[] everything = allBytesUnder(kubo.repo());
        for (String hidden : List.of(PRIVATE_MARKER, PRIVATE_REPOSITORY, "marker-repo-" + SUFFIX, PRIVATE_TAG,
                privateDigest.substring("sha256:".length()))) {
            assertFalse(contains(everything, hidden), hidden + " is nowhere in Kubo's repository");
        }
        for (String shown : List.of(PUBLIC_MARKER, "shown-repo-" + SUFFIX)) {
            assertTrue(contains(everything, shown), "the same scan finds " + shown + " of the public image");
        }
    }

    @Test
    void keyHoldersPullThePlaintextBackWithItsDigest() throws Exception {
        Path pulled = Files.createDirectories(work.resolve("pulled"));
        Tools.tool("oras", pulled, "pull", "--plain-http", registry.host() + "/" + PRIVATE_REPOSITORY + ":" + PRIVATE_TAG);
        assertEquals(Files.readString(work.resolve("private.txt")), Files.readString(pulled.resolve("private.txt")));
        HttpResponse<String> manifest = get("/v2/" + PRIVATE_REPOSITORY + "/manifests/" + PRIVATE_TAG,
                "Accept", "application/vnd.oci.image.manifest.v1+json");
        assertEquals(200, manifest.statusCode(), manifest.body());
        assertEquals(privateDigest, manifest.headers().firstValue("Docker-Content-Digest").orElseThrow());
        assertEquals("application/vnd.oci.image.manifest.v1+json", manifest.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(manifest.headers().firstValue("X-Ipfs-Path").isEmpty(), "IPFS holds ciphertext, not these bytes");
        assertTrue(get("/v2/_catalog").body().contains(PRIVATE_REPOSITORY));
        assertTrue(get("/v2/" + PRIVATE_REPOSITORY + "/tags/list").body().contains(PRIVATE_TAG));
    }

    @Test
    void aRangeOfAPrivateBlobIsServedFromTheSegmentsHoldingIt() throws Exception {
        byte[] content = new byte[4 * 1024 * 1024];
        new Random(1).nextBytes(content);
        String digest = "sha256:" + dev.berth.it.support.OciLayout.sha256(content);
        HttpResponse<String> pushed = HTTP.send(HttpRequest.newBuilder(registry.url().resolve("/v2/secret/ranges/blobs/uploads/?digest="
                + digest)).POST(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, pushed.statusCode(), pushed.body());

        double before = bytesRead();
        HttpResponse<byte[]> range = HTTP.send(HttpRequest.newBuilder(registry.url().resolve("/v2/secret/ranges/blobs/" + digest))
                .header("Range", "bytes=3000000-3000099").build(), HttpResponse.BodyHandlers.ofByteArray());
        double read = bytesRead() - before;

        assertEquals(206, range.statusCode());
        assertEquals("bytes 3000000-3000099/" + content.length, range.headers().firstValue("Content-Range").orElseThrow());
        assertTrue(Arrays.equals(Arrays.copyOfRange(content, 3_000_000, 3_000_100), range.body()));
        assertTrue(read > 0 && read <= 50 + 256 * 1024, "read " + read + " bytes of storage for 100 bytes: the header and one segment");
        HttpResponse<byte[]> whole = HTTP.send(HttpRequest.newBuilder(registry.url().resolve("/v2/secret/ranges/blobs/" + digest)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertTrue(Arrays.equals(content, whole.body()));
    }

    @Test
    void aMountBetweenAPublicAndAPrivateRepositoryIsAnUploadInstead() throws Exception {
        String publicLayer = layerOf(PUBLIC_REPOSITORY, "v1");
        String privateLayer = layerOf(PRIVATE_REPOSITORY, PRIVATE_TAG);
        // The client uploads again: a private tree never links a public blob in plain, nor the public store a private one.
        assertEquals(202, post("/v2/secret/mounted/blobs/uploads/?mount=" + publicLayer + "&from=" + PUBLIC_REPOSITORY).statusCode());
        assertEquals(202, post("/v2/public/mounted/blobs/uploads/?mount=" + privateLayer + "&from=" + PRIVATE_REPOSITORY).statusCode());
        assertEquals(404, get("/v2/public/mounted/blobs/" + privateLayer).statusCode());
        assertEquals(201, post("/v2/secret/mounted/blobs/uploads/?mount=" + privateLayer + "&from=" + PRIVATE_REPOSITORY).statusCode(),
                "between private repositories a mount links");
    }

    /** The digest of the first layer of the tagged image. */
    private static String layerOf(String repository, String tag) throws Exception {
        String manifest = get("/v2/" + repository + "/manifests/" + tag, "Accept", "application/vnd.oci.image.manifest.v1+json").body();
        Matcher layer = Pattern.compile("\"layers\"\\s*:\\s*\\[\\s*\\{[^}]*\"digest\"\\s*:\\s*\"(sha256:[0-9a-f]{64})\"")
                .matcher(manifest);
        assertTrue(layer.find(), manifest);
        return layer.group(1);
    }

    private static HttpResponse<String> post(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(registry.url().resolve(path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePublicTreeAndItsGatewayViewNeverNameThePrivateRepository() throws Exception {
        String publicRoot = cidOf("/berth/v1/root");
        String privateRoot = cidOf("/berth/v1/root/private");
        assertNotEquals(publicRoot, privateRoot);
        String publicLinks = kubo.ipfs("refs", "-r", "--format=<linkname>", "/ipfs/" + publicRoot);
        assertTrue(publicLinks.contains("shown-repo-" + SUFFIX), publicLinks);
        assertFalse(publicLinks.contains("marker-repo") || publicLinks.contains("secret") || publicLinks.contains("keyset-check"));
        assertFalse(kubo.ipfs("refs", "-r", "/ipfs/" + publicRoot).contains(privateRoot));
        HttpResponse<String> gateway = HTTP.send(HttpRequest.newBuilder(URI.create(kubo.gateway() + "/ipfs/" + publicRoot + "/v2/"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(gateway.body().contains("public") && !gateway.body().contains("secret"), gateway.body());

        HttpResponse<String> image = get("/berth/v1/images/" + PRIVATE_REPOSITORY + "/" + PRIVATE_TAG);
        assertEquals(405, image.statusCode(), image.body());
        assertTrue(image.body().contains("UNSUPPORTED") && image.body().contains("private repository"), image.body());
    }

    /** A keyset lacking the tree's key is refused the same way, naming the key: PrivateRepositoriesAcrossNodesTest's rotation. */
    @Test
    void aRegistryWithoutTheKeysetRefusesThePrivateTree() throws Exception {
        String privateRoot = cidOf("/berth/v1/root/private");
        String path = "/v2/ipfs/" + privateRoot + "/" + PRIVATE_REPOSITORY + "/manifests/" + PRIVATE_TAG;
        try (KuboNode kuboC = KuboNode.start();
                RegistryProcess withoutKeyset = RegistryProcess.berthOnIpfs("private-c-no-keyset", kuboC,
                        "--berth.storage.ipfs.peers=" + kubo.multiaddr())) {
            HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(withoutKeyset.url().resolve(path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("DENIED") && refused.body().contains("private repositories")
                    && refused.body().contains("no keyset"), refused.body());
            Tools.Result crane = Tools.tryTool(Map.of(), "crane", work, "pull",
                    withoutKeyset.host() + "/ipfs/" + privateRoot + "/" + PRIVATE_REPOSITORY + ":" + PRIVATE_TAG, "refused.tar");
            assertNotEquals(0, crane.exitCode());
            assertTrue(crane.stderr().contains("DENIED"), crane.stderr());
        }
    }

    private static void flush() throws Exception {
        cidOf("/berth/v1/root");
        cidOf("/berth/v1/root/private");
    }

    private static String cidOf(String endpoint) throws Exception {
        HttpResponse<String> root = get(endpoint);
        assertEquals(200, root.statusCode(), root.body());
        Matcher cid = Pattern.compile("\"cid\"\\s*:\\s*\"([a-z0-9]+)\"").matcher(root.body());
        assertTrue(cid.find(), root.body());
        return cid.group(1);
    }

    /** {@code berth_storage_bytes_read_bytes_total} of the IPFS drivers, from the registry's own scrape. */
    private static double bytesRead() throws Exception {
        Matcher total = Pattern.compile("(?m)^berth_storage_bytes_read_bytes_total\\{driver=\"ipfs\"[^}]*}\\s+(\\S+)$")
                .matcher(get("/actuator/prometheus").body());
        assertTrue(total.find());
        return Double.parseDouble(total.group(1));
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(registry.url().resolve(path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every file below the folder, one after the other: what a scan of the node's storage sees. */
    private static byte[] allBytesUnder(Path folder) throws IOException {
        List<byte[]> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.add(Files.readAllBytes(file));
            }
        }
        int total = files.stream().mapToInt(bytes -> bytes.length + 1).sum();
        byte[] all = new byte[total];
        int offset = 0;
        for (byte[] file : files) {
            System.arraycopy(file, 0, all, offset, file.length);
            offset += file.length + 1;
        }
        return all;
    }

    private static boolean contains(byte[] haystack, String needle) {
        byte[] bytes = needle.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i <= haystack.length - bytes.length; i++) {
            for (int j = 0; j < bytes.length; j++) {
                if (haystack[i + j] != bytes[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
