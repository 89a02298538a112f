package dev.berth.registry;

import static dev.berth.registry.RegistryHttp.sha256;
import static dev.berth.registry.RegistryHttp.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.naming.Digest;
import dev.berth.storage.StorageDriver;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * The registry's metrics as a Prometheus server scrapes them from {@code /actuator/prometheus},
 * after real pushes and pulls over a socket. Tests share the registry, so they compare counts
 * before and after their own requests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = "berth.storage.driver=inmemory")
class RegistryMetricsTest {
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String REQUESTS = "http_server_requests_seconds_count";
    /** A request is recorded as its response completes, which the client may see a moment earlier. */
    private static final long SETTLE_MILLIS = 10_000;

    private final Random random = new Random(7);

    @LocalServerPort
    int port;
    @Autowired
    StorageDriver driver;

    RegistryHttp http;
    String repo;

    @BeforeEach
    void setUp() {
        http = new RegistryHttp(port);
        repo = "metrics/" + UUID.randomUUID().toString().substring(0, 8) + "/app";
    }

    @Test
    void requestsAreCountedByOciRouteTemplateAndStatusWithoutNamesOrDigests() {
        double blobsOk = value(REQUESTS, "uri", "/v2/{name}/blobs/{digest}", "method", "GET", "status", "200");
        double blobsMissing = value(REQUESTS, "uri", "/v2/{name}/blobs/{digest}", "method", "HEAD", "status", "404");
        double uploadsStarted = value(REQUESTS, "uri", "/v2/{name}/blobs/uploads/", "method", "POST", "status", "202");
        double uploadsRefused = value(REQUESTS, "uri", "/v2/{name}/blobs/uploads/{uuid}", "method", "PUT", "status", "400");
        double manifestsPushed = value(REQUESTS, "uri", "/v2/{name}/manifests/{reference}", "method", "PUT", "status", "201");
        double tagLists = value(REQUESTS, "uri", "/v2/{name}/tags/list", "method", "GET", "status", "200");
        double catalogs = value(REQUESTS, "uri", "/v2/_catalog", "method", "GET", "status", "200");
        double pings = value(REQUESTS, "uri", "/v2/", "method", "GET", "status", "200");
        double badNames = value(REQUESTS, "uri", "/v2/{name}/manifests/{reference}", "method", "GET", "status", "400");

        byte[] config = bytes(200);
        String configDigest = http.pushBlob(repo, config);
        assertThat(http.get("/v2/" + repo + "/blobs/" + configDigest).statusCode()).isEqualTo(200);
        assertThat(http.head("/v2/" + repo + "/blobs/" + sha256(bytes(5))).statusCode()).isEqualTo(404);
        String location = startUpload();
        assertThat(http.put(location + "&digest=" + sha256(bytes(3)), bytes(4)).statusCode()).isEqualTo(400);
        assertThat(http.pushManifest(repo, "v1", OCI_MANIFEST, manifest(configDigest, config.length)).statusCode()).isEqualTo(201);
        assertThat(http.get("/v2/" + repo + "/tags/list").statusCode()).isEqualTo(200);
        assertThat(http.get("/v2/_catalog").statusCode()).isEqualTo(200);
        assertThat(http.get("/v2/").statusCode()).isEqualTo(200);
        assertThat(http.get("/v2/Not_A_Valid_Name/manifests/latest").statusCode()).isEqualTo(400);

        awaitValue(blobsOk + 1, REQUESTS, "uri", "/v2/{name}/blobs/{digest}", "method", "GET", "status", "200");
        awaitValue(blobsMissing + 1, REQUESTS, "uri", "/v2/{name}/blobs/{digest}", "method", "HEAD", "status", "404");
        awaitValue(uploadsStarted + 1, REQUESTS, "uri", "/v2/{name}/blobs/uploads/", "method", "POST", "status", "202");
        awaitValue(uploadsRefused + 1, REQUESTS, "uri", "/v2/{name}/blobs/uploads/{uuid}", "method", "PUT", "status", "400");
        awaitValue(manifestsPushed + 1, REQUESTS, "uri", "/v2/{name}/manifests/{reference}", "method", "PUT", "status", "201");
        awaitValue(tagLists + 1, REQUESTS, "uri", "/v2/{name}/tags/list", "method", "GET", "status", "200");
        awaitValue(catalogs + 1, REQUESTS, "uri", "/v2/_catalog", "method", "GET", "status", "200");
        awaitValue(pings + 1, REQUESTS, "uri", "/v2/", "method", "GET", "status", "200");
        awaitValue(badNames + 1, REQUESTS, "uri", "/v2/{name}/manifests/{reference}", "method", "GET", "status", "400");

        String scrape = scrape();
        assertThat(scrape).doesNotContain(repo).doesNotContain(configDigest.substring("sha256:".length()));
    }

    @Test
    void bytesInAndOutCountBlobAndManifestBodies() {
        double blobsIn = value("berth_registry_received_bytes_total", "content", "blob");
        double blobsOut = value("berth_registry_sent_bytes_total", "content", "blob");
        double manifestsIn = value("berth_registry_received_bytes_total", "content", "manifest");
        double manifestsOut = value("berth_registry_sent_bytes_total", "content", "manifest");

        byte[] config = bytes(70_000);
        String configDigest = http.pushBlob(repo, config);
        String location = startUpload();
        location = patch(location, bytes(1_000));
        assertThat(http.get("/v2/" + repo + "/blobs/" + configDigest).body()).hasSize(70_000);
        assertThat(http.get("/v2/" + repo + "/blobs/" + configDigest, "Range", "bytes=0-9").body()).hasSize(10);
        http.head("/v2/" + repo + "/blobs/" + configDigest);
        String manifest = manifest(configDigest, config.length);
        int manifestSize = manifest.getBytes(StandardCharsets.UTF_8).length;
        assertThat(http.pushManifest(repo, "v1", OCI_MANIFEST, manifest).statusCode()).isEqualTo(201);
        assertThat(http.get("/v2/" + repo + "/manifests/v1").body()).hasSize(manifestSize);
        http.head("/v2/" + repo + "/manifests/v1");

        awaitValue(blobsIn + 71_000, "berth_registry_received_bytes_total", "content", "blob");
        awaitValue(blobsOut + 70_010, "berth_registry_sent_bytes_total", "content", "blob");
        awaitValue(manifestsIn + manifestSize, "berth_registry_received_bytes_total", "content", "manifest");
        awaitValue(manifestsOut + manifestSize, "berth_registry_sent_bytes_total", "content", "manifest");
        http.delete(location);
    }

    @Test
    void openUploadsRiseOnPostAndFallWhenCompletedCancelledOrRefused() {
        double before = value("berth_uploads_open");
        byte[] content = bytes(500);
        String completed = startUpload();
        String cancelled = startUpload();
        String refused = startUpload();
        assertThat(value("berth_uploads_open")).isEqualTo(before + 3);

        assertThat(http.put(completed + "&digest=" + sha256(content), content).statusCode()).isEqualTo(201);
        assertThat(value("berth_uploads_open")).isEqualTo(before + 2);
        assertThat(http.delete(cancelled).statusCode()).isEqualTo(204);
        assertThat(value("berth_uploads_open")).isEqualTo(before + 1);
        assertThat(http.put(refused + "&digest=" + sha256(bytes(1)), content).statusCode()).isEqualTo(400);
        assertThat(value("berth_uploads_open")).isEqualTo(before);

        http.pushBlob(repo, bytes(20)); // a push in one request is no session
        assertThat(value("berth_uploads_open")).isEqualTo(before);
    }

    @Test
    void digestMismatchesAreCountedWhereTheyHappen() throws Exception {
        double uploads = value("berth_digest_mismatches_total", "where", "upload");
        double manifestPushes = value("berth_digest_mismatches_total", "where", "manifest_push");
        double blobReads = value("berth_digest_mismatches_total", "where", "blob_read");

        byte[] content = bytes(300);
        assertThat(http.put(startUpload() + "&digest=" + sha256(bytes(1)), content).statusCode()).isEqualTo(400);
        assertThat(http.post("/v2/" + repo + "/blobs/uploads/?digest=" + sha256(bytes(2)), content).statusCode()).isEqualTo(400);
        String config = http.pushBlob(repo, content);
        assertThat(http.pushManifest(repo, sha256(bytes(3)), OCI_MANIFEST, manifest(config, content.length)).statusCode())
                .isEqualTo(400);
        byte[] tampered = content.clone();
        tampered[0] ^= 1;
        driver.putContent(RegistryLayout.blobData(Digest.parse(config)), tampered);
        // Held back whole until it checks out, so the client gets an error rather than a cut body.
        assertThat(http.get("/v2/" + repo + "/blobs/" + config).statusCode()).isEqualTo(500);

        awaitValue(uploads + 2, "berth_digest_mismatches_total", "where", "upload");
        awaitValue(manifestPushes + 1, "berth_digest_mismatches_total", "where", "manifest_push");
        awaitValue(blobReads + 1, "berth_digest_mismatches_total", "where", "blob_read");
    }

    // ---- helpers

    private String startUpload() {
        HttpResponse<byte[]> response = http.post("/v2/" + repo + "/blobs/uploads/", new byte[0]);
        assertThat(response.statusCode()).as(text(response)).isEqualTo(202);
        String location = response.headers().firstValue("Location").orElseThrow();
        return location.contains("?") ? location : location + "?";
    }

    private String patch(String location, byte[] chunk) {
        HttpResponse<byte[]> response = http.patch(location, chunk, "Content-Range", "0-" + (chunk.length - 1),
                "Content-Type", "application/octet-stream");
        assertThat(response.statusCode()).as(text(response)).isEqualTo(202);
        return response.headers().firstValue("Location").orElseThrow();
    }

    private String scrape() {
        HttpResponse<byte[]> response = http.get("/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        return text(response);
    }

    /** The sum over the series of {@code name} carrying these labels (name, value, ...), 0 when there are none. */
    private double value(String name, String... labels) {
        double total = 0;
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{(?<labels>.*)})? (?<value>\\S+)$", Pattern.MULTILINE);
        Matcher matcher = line.matcher(scrape());
        while (matcher.find()) {
            String found = matcher.group("labels") == null ? "" : matcher.group("labels");
            boolean all = true;
            for (int i = 0; i < labels.length; i += 2) {
                all &= Arrays.asList(found.split(",(?=[a-z_]+=\")")).contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (all) {
                total += Double.parseDouble(matcher.group("value"));
            }
        }
        return total;
    }

    private void awaitValue(double expected, String name, String... labels) {
        long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
        double actual = value(name, labels);
        while (actual != expected && System.currentTimeMillis() < deadline) {
            sleep();
            actual = value(name, labels);
        }
        assertThat(actual).as("%s %s", name, Arrays.toString(labels)).isEqualTo(expected);
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String manifest(String configDigest, long configSize) {
        return "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":" + configSize
                + "},\"layers\":[]}";
    }

    private byte[] bytes(int size) {
        byte[] content = new byte[size];
        random.nextBytes(content);
        return content;
    }
}
