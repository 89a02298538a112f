package dev.berth.registry;

import static dev.berth.registry.RegistryHttp.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.encryption.store.PrivateKeys;
import dev.berth.registry.encryption.store.PrivateLayout;
import dev.berth.registry.encryption.store.PrivateStorage;
import dev.berth.registry.naming.Digest;
import dev.berth.storage.StorageDriver;
import dev.berth.storage.StorageDriver.WalkControl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole API contract again, every repository private ({@code berth.encryption.repositories=**}),
 * plus what private repositories promise on top: nothing reaches the public storage, no name, tag,
 * digest or content appears in the private storage's paths or files, and tampered ciphertext is
 * never served as content.
 */
class PrivateRegistryApiTest extends RegistryApiContract {

    @DynamicPropertySource
    static void privateRepositories(DynamicPropertyRegistry properties) {
        Path folder = Path.of("target", "test-private", UUID.randomUUID().toString()).toAbsolutePath();
        properties.add("berth.storage.driver", () -> "inmemory");
        properties.add("berth.encryption.repositories", () -> "**");
        properties.add("berth.encryption.keyset", () -> folder.resolve("keyset.json").toString());
        properties.add("berth.encryption.staging", () -> folder.resolve("staging").toString());
        properties.add("berth.ui.index-refresh", () -> "200ms");
    }

    @Autowired
    PrivateStorage privateStorage;
    @Autowired
    PrivateKeys keys;

    @Test
    @Override
    void blobCorruptedInStorageIsNotServedCleanly() throws Exception {
        byte[] content = new byte[600_000];
        new Random(7).nextBytes(content);
        String digest = http.pushBlob(repo, content);
        String path = ciphertextOf(digest);
        byte[] ciphertext = privateDriver().getContent(path);
        byte[] tampered = ciphertext.clone();
        tampered[tampered.length - 1] ^= 1;
        privateDriver().putContent(path, tampered);

        String blob = "/v2/" + repo + "/blobs/" + digest;
        // The last segment fails its authentication after earlier ones were sent: the body is cut short.
        assertThatThrownBy(() -> http.get(blob)).isInstanceOf(UncheckedIOException.class);
        // A range within intact segments is authentic and served; one that needs the altered segment is refused before a byte.
        HttpResponse<byte[]> intact = http.get(blob, "Range", "bytes=0-99");
        assertThat(intact.statusCode()).isEqualTo(206);
        assertThat(intact.body()).isEqualTo(Arrays.copyOfRange(content, 0, 100));
        assertOciError(http.get(blob, "Range", "bytes=599900-599999"), 500, "UNKNOWN");

        byte[] firstSegmentAltered = ciphertext.clone();
        firstSegmentAltered[100] ^= 1;
        privateDriver().putContent(path, firstSegmentAltered);
        assertOciError(http.get(blob), 500, "UNKNOWN");

        // Cut short, the last segment no longer authenticates: so is the response.
        privateDriver().putContent(path, Arrays.copyOf(ciphertext, ciphertext.length - 7));
        assertThatThrownBy(() -> http.get(blob)).isInstanceOf(UncheckedIOException.class);
        privateDriver().putContent(path, Arrays.copyOf(ciphertext, 1000));
        assertOciError(http.get(blob), 500, "UNKNOWN");
    }

    @Test
    @Override
    void aBlobStoredCorruptIsRepairedByPushingItAgain() throws Exception {
        byte[] content = new byte[200_000];
        new Random(11).nextBytes(content);
        String digest = http.pushBlob(repo, content);
        String path = ciphertextOf(digest);
        byte[] tampered = privateDriver().getContent(path);
        tampered[tampered.length / 2] ^= 1;
        privateDriver().putContent(path, tampered);
        String blob = "/v2/" + repo + "/blobs/" + digest;
        assertThat(servesIntact(blob, content)).isFalse();

        assertThat(http.pushBlob(repo, content)).isEqualTo(digest);
        assertThat(servesIntact(blob, content)).isTrue();
    }

    /** Whether a GET of the blob answers 200 with exactly this content (a damaged copy is refused or cut short). */
    private boolean servesIntact(String blob, byte[] content) {
        try {
            HttpResponse<byte[]> response = http.get(blob);
            return response.statusCode() == 200 && Arrays.equals(response.body(), content);
        } catch (UncheckedIOException cutShort) {
            return false;
        }
    }

    @Test
    void nothingOfAPrivateRepositoryReachesThePublicStorageAndNoNameOrContentShowsInThePrivateOne() throws Exception {
        String marker = "marker-" + repo.replace('/', '-');
        byte[] layer = ("a layer holding " + marker + " in plain text\n").repeat(1000).getBytes(StandardCharsets.UTF_8);
        String layerDigest = http.pushBlob(repo, layer);
        String configDigest = http.pushBlob(repo, "{}".getBytes(StandardCharsets.UTF_8));
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":2},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + layerDigest + "\",\"size\":" + layer.length + "}],"
                + "\"annotations\":{\"note\":\"" + marker + "\"}}").getBytes(StandardCharsets.UTF_8);
        assertThat(http.put("/v2/" + repo + "/manifests/tag-" + marker, manifest, "Content-Type", OCI_MANIFEST).statusCode())
                .isEqualTo(201);

        assertThat(http.get("/v2/" + repo + "/blobs/" + layerDigest).body()).isEqualTo(layer);
        assertThat(new String(http.get("/v2/" + repo + "/tags/list").body(), StandardCharsets.UTF_8)).contains("tag-" + marker);
        assertThat(new String(http.get("/v2/_catalog").body(), StandardCharsets.UTF_8)).contains(repo);
        assertThat(files(driver)).as("the public storage").isEmpty();

        List<String> forbidden = List.of(marker, repo, "tag-" + marker, layerDigest.substring(7), configDigest.substring(7),
                sha256(manifest).substring(7), OCI_MANIFEST);
        for (String file : files(privateDriver())) {
            String content = new String(privateDriver().getContent(file), StandardCharsets.ISO_8859_1);
            for (String plaintext : forbidden) {
                assertThat(file).doesNotContain(plaintext);
                assertThat(content).as(file).doesNotContain(plaintext);
            }
        }
    }

    /**
     * The web UI reads private repositories through the seam like any other, decrypted, and shows no
     * CID (none is theirs to share); its home page lists one at its next read, since private changes
     * are no ManifestChange (those feed the public tree's derived trees).
     */
    @Test
    void theWebUiShowsAPrivateImageDecryptedAndWithoutACid() throws Exception {
        String layer = http.pushBlob(repo, "a private layer".getBytes(StandardCharsets.UTF_8));
        byte[] config = "{\"architecture\":\"arm64\",\"os\":\"linux\",\"config\":{\"Env\":[\"GREETING=hello\"]}}"
                .getBytes(StandardCharsets.UTF_8);
        String configDigest = http.pushBlob(repo, config);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":" + config.length
                + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + layer + "\",\"size\":15}]}";
        assertThat(http.pushManifest(repo, "v1", OCI_MANIFEST, manifest).statusCode()).isEqualTo(201);

        HttpResponse<byte[]> repository = http.get("/repositories/" + repo);
        assertThat(repository.statusCode()).isEqualTo(200);
        assertThat(RegistryHttp.text(repository)).contains("href=\"/images/" + repo + ":v1\"", "linux/arm64");
        HttpResponse<byte[]> image = http.get("/images/" + repo + ":v1");
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(RegistryHttp.text(image)).contains(sha256(manifest.getBytes(StandardCharsets.UTF_8)), "GREETING=hello", layer)
                .doesNotContain("Image CID", "bafy");

        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos(); // returns as soon as listed
        String home = RegistryHttp.text(http.get("/"));
        while (!home.contains("href=\"/repositories/" + repo + "\"") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            home = RegistryHttp.text(http.get("/"));
        }
        assertThat(home).contains("href=\"/repositories/" + repo + "\"");
    }

    private String ciphertextOf(String digest) {
        return PrivateLayout.blobData(keys.get().names().blobKey(Digest.parse(digest)));
    }

    private static void assertOciError(HttpResponse<byte[]> response, int status, String code) {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(response.statusCode()).as(body).isEqualTo(status);
        assertThat(body).contains("\"code\":\"" + code + "\"");
    }

    private StorageDriver privateDriver() {
        return privateStorage.storage().driver();
    }

    private static List<String> files(StorageDriver driver) throws IOException {
        List<String> files = new ArrayList<>();
        try {
            driver.walk("/", info -> {
                if (!info.directory()) {
                    files.add(info.path());
                }
                return WalkControl.CONTINUE;
            });
        } catch (dev.berth.storage.PathNotFoundException empty) {
            return files;
        }
        return files;
    }
}
