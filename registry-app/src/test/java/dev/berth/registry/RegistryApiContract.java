package dev.berth.registry;

import static dev.berth.registry.RegistryHttp.sha256;
import static dev.berth.registry.RegistryHttp.sha512;
import static dev.berth.registry.RegistryHttp.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.naming.Digest;
import dev.berth.storage.StorageDriver;
import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The distribution API over a real socket, the same tests on every driver: a subclass picks the
 * driver with properties.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class RegistryApiContract {
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    static final String OCTETS = "application/octet-stream";

    private final ObjectMapper json = JsonMapper.builder().build();
    private final Random random = new Random(42);

    @LocalServerPort
    int port;
    @Autowired
    StorageDriver driver;

    RegistryHttp http;
    /** Each test works in repositories of its own, so tests share a registry without seeing each other. */
    String repo;

    @BeforeEach
    void setUp() {
        http = new RegistryHttp(port);
        repo = "test/" + UUID.randomUUID().toString().substring(0, 8) + "/app";
    }

    @Test
    void pingAnswersWithTheApiVersionHeader() {
        HttpResponse<byte[]> response = http.get("/v2/");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Docker-Distribution-API-Version")).hasValue("registry/2.0");
    }

    @Test
    void blobPushedInOneRequestIsPulledBackWithItsDigest() {
        byte[] content = bytes(100_000);
        String digest = http.pushBlob(repo, content);

        HttpResponse<byte[]> get = http.get("/v2/" + repo + "/blobs/" + digest);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(content);
        assertThat(get.headers().firstValue("Docker-Content-Digest")).hasValue(digest);

        HttpResponse<byte[]> head = http.head("/v2/" + repo + "/blobs/" + digest);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue("100000");
        assertThat(head.body()).isEmpty();
    }

    @Test
    void postThenPutPushesABlob() {
        byte[] content = bytes(5000);
        String location = startUpload(repo);
        HttpResponse<byte[]> put = http.put(location + "?digest=" + sha256(content), content, "Content-Type", OCTETS);
        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(put.headers().firstValue("Location")).hasValue("/v2/" + repo + "/blobs/" + sha256(content));
        assertThat(http.get("/v2/" + repo + "/blobs/" + sha256(content)).body()).isEqualTo(content);
    }

    @Test
    void chunkedUploadReportsItsRangeAndCompletes() {
        byte[] content = bytes(30_000);
        String location = startUpload(repo);
        location = patch(location, content, 0, 10_000, 202);
        HttpResponse<byte[]> second = http.patch(location, Arrays.copyOfRange(content, 10_000, 20_000),
                "Content-Range", "10000-19999", "Content-Type", OCTETS);
        assertThat(second.statusCode()).isEqualTo(202);
        assertThat(second.headers().firstValue("Range")).hasValue("0-19999");
        location = second.headers().firstValue("Location").orElseThrow();

        HttpResponse<byte[]> put = http.put(location + "?digest=" + sha256(content), Arrays.copyOfRange(content, 20_000, 30_000),
                "Content-Range", "20000-29999", "Content-Type", OCTETS);
        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(http.get("/v2/" + repo + "/blobs/" + sha256(content)).body()).isEqualTo(content);
    }

    @Test
    void chunkLeavingAGapIsRefusedWith416AndTheUploadResumes() {
        byte[] content = bytes(3000);
        String location = patch(startUpload(repo), content, 0, 1000, 202);

        HttpResponse<byte[]> gap = http.patch(location, Arrays.copyOfRange(content, 2000, 3000), "Content-Range", "2000-2999");
        assertThat(gap.statusCode()).isEqualTo(416);
        assertError(gap, 416, "RANGE_INVALID");
        assertThat(gap.headers().firstValue("Range")).hasValue("0-999");

        HttpResponse<byte[]> status = http.get(location);
        assertThat(status.statusCode()).isEqualTo(204);
        assertThat(status.headers().firstValue("Range")).hasValue("0-999");

        location = patch(location, content, 1000, 3000, 202);
        assertThat(http.put(location + "?digest=" + sha256(content), new byte[0]).statusCode()).isEqualTo(201);
        assertThat(http.get("/v2/" + repo + "/blobs/" + sha256(content)).body()).isEqualTo(content);
    }

    @Test
    void chunkOverlappingReceivedBytesIsRefusedWith416() {
        byte[] content = bytes(3000);
        String location = patch(startUpload(repo), content, 0, 2000, 202);
        HttpResponse<byte[]> overlap = http.patch(location, Arrays.copyOfRange(content, 1000, 3000), "Content-Range", "1000-2999");
        assertError(overlap, 416, "RANGE_INVALID");
        assertThat(http.get(location).headers().firstValue("Range")).hasValue("0-1999");
    }

    @Test
    void streamedPatchWithoutContentRangeIsAppended() {
        byte[] content = bytes(200_000);
        String location = startUpload(repo);
        HttpResponse<byte[]> patch = http.send("PATCH", location, BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(content)),
                "Content-Type", OCTETS);
        assertThat(patch.statusCode()).isEqualTo(202);
        assertThat(patch.headers().firstValue("Range")).hasValue("0-199999");
        String next = patch.headers().firstValue("Location").orElseThrow();
        assertThat(http.put(next + "?digest=" + sha256(content), new byte[0]).statusCode()).isEqualTo(201);
        assertThat(http.get("/v2/" + repo + "/blobs/" + sha256(content)).body()).isEqualTo(content);
    }

    @Test
    void cancelledUploadIsForgotten() {
        String location = patch(startUpload(repo), bytes(100), 0, 100, 202);
        assertThat(http.delete(location).statusCode()).isEqualTo(204);
        assertError(http.get(location), 404, "BLOB_UPLOAD_UNKNOWN");
        assertError(http.patch(location, bytes(10)), 404, "BLOB_UPLOAD_UNKNOWN");
    }

    @Test
    void pushOfMismatchedDigestIsRejectedAndLeavesNothing() {
        byte[] content = bytes(4000);
        String claimed = sha256("something else".getBytes(StandardCharsets.UTF_8));

        assertError(http.post("/v2/" + repo + "/blobs/uploads/?digest=" + claimed, content), 400, "DIGEST_INVALID");

        String location = patch(startUpload(repo), content, 0, 4000, 202);
        assertError(http.put(location + "?digest=" + claimed, new byte[0]), 400, "DIGEST_INVALID");
        assertError(http.get(location), 404, "BLOB_UPLOAD_UNKNOWN");

        assertThat(http.head("/v2/" + repo + "/blobs/" + claimed).statusCode()).isEqualTo(404);
        assertThat(http.head("/v2/" + repo + "/blobs/" + sha256(content)).statusCode()).isEqualTo(404);
        assertThat(exists(RegistryLayout.blobData(Digest.parse(claimed)))).isFalse();
        assertThat(exists(RegistryLayout.blobData(Digest.parse(sha256(content))))).isFalse();
    }

    @Test
    void mountLinksABlobFromAnotherRepositoryWithoutUploadingIt() {
        String source = repo + "-source";
        String digest = http.pushBlob(source, bytes(777));

        HttpResponse<byte[]> mount = http.post("/v2/" + repo + "/blobs/uploads/?mount=" + digest + "&from=" + source, new byte[0]);
        assertThat(mount.statusCode()).isEqualTo(201);
        assertThat(mount.headers().firstValue("Docker-Content-Digest")).hasValue(digest);
        assertThat(http.head("/v2/" + repo + "/blobs/" + digest).statusCode()).isEqualTo(200);

        String anonymous = repo + "-anonymous";
        assertThat(http.post("/v2/" + anonymous + "/blobs/uploads/?mount=" + digest, new byte[0]).statusCode()).isEqualTo(201);
        assertThat(http.head("/v2/" + anonymous + "/blobs/" + digest).statusCode()).isEqualTo(200);
    }

    @Test
    void mountOfABlobTheSourceLacksStartsAnUploadInstead() {
        String digest = sha256(bytes(10));
        HttpResponse<byte[]> mount = http.post("/v2/" + repo + "/blobs/uploads/?mount=" + digest + "&from=" + repo + "-empty", new byte[0]);
        assertThat(mount.statusCode()).isEqualTo(202);
        assertThat(mount.headers().firstValue("Location")).isPresent();
    }

    @Test
    void rangeReadsReturnPartialContentAndOutOfRangeIs416() {
        byte[] content = bytes(2048);
        String path = "/v2/" + repo + "/blobs/" + http.pushBlob(repo, content);

        HttpResponse<byte[]> middle = http.get(path, "Range", "bytes=500-1499");
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(content, 500, 1500));
        assertThat(middle.headers().firstValue("Content-Range")).hasValue("bytes 500-1499/2048");

        HttpResponse<byte[]> suffix = http.get(path, "Range", "bytes=-48");
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(content, 2000, 2048));

        HttpResponse<byte[]> clamped = http.get(path, "Range", "bytes=2000-5000");
        assertThat(clamped.body()).isEqualTo(Arrays.copyOfRange(content, 2000, 2048));

        assertThat(http.get(path, "Range", "bytes=5000-6000").statusCode()).isEqualTo(416);
        assertThat(http.get(path, "Range", "bytes=500-0").statusCode()).isEqualTo(416);
    }

    @Test
    void imageManifestRoundTripsByTagAndDigestWithThePushedMediaType() {
        for (String mediaType : List.of(OCI_MANIFEST, DOCKER_MANIFEST)) {
            String manifest = image(mediaType, http.pushBlob(repo, "{}".getBytes()), 2, http.pushBlob(repo, bytes(300)), 300);
            String digest = sha256(manifest.getBytes(StandardCharsets.UTF_8));
            HttpResponse<byte[]> put = http.pushManifest(repo, "v1", mediaType, manifest);
            assertThat(put.statusCode()).isEqualTo(201);
            assertThat(put.headers().firstValue("Docker-Content-Digest")).hasValue(digest);

            for (String reference : List.of("v1", digest)) {
                HttpResponse<byte[]> get = http.get("/v2/" + repo + "/manifests/" + reference, "Accept", mediaType);
                assertThat(get.statusCode()).isEqualTo(200);
                assertThat(text(get)).isEqualTo(manifest);
                assertThat(get.headers().firstValue("Content-Type")).hasValue(mediaType);
                assertThat(get.headers().firstValue("Docker-Content-Digest")).hasValue(digest);
                HttpResponse<byte[]> head = http.head("/v2/" + repo + "/manifests/" + reference);
                assertThat(head.statusCode()).isEqualTo(200);
                assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(manifest.length()));
            }
        }
    }

    @Test
    void manifestNamingAnUnpushedLayerIsRejected() {
        String config = http.pushBlob(repo, "{}".getBytes());
        String manifest = image(OCI_MANIFEST, config, 2, sha256(bytes(20)), 20);
        assertError(http.pushManifest(repo, "broken", OCI_MANIFEST, manifest), 400, "MANIFEST_BLOB_UNKNOWN");
        assertError(http.get("/v2/" + repo + "/manifests/broken"), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void invalidManifestsAreRejectedWithManifestInvalid() {
        String config = http.pushBlob(repo, "{}".getBytes());
        String manifest = image(OCI_MANIFEST, config, 2, http.pushBlob(repo, bytes(30)), 30);
        assertError(http.pushManifest(repo, "a", DOCKER_MANIFEST, manifest), 400, "MANIFEST_INVALID");
        assertError(http.pushManifest(repo, "b", OCI_MANIFEST, "{not json"), 400, "MANIFEST_INVALID");
        assertError(http.pushManifest(repo, "c", OCI_MANIFEST, image(OCI_MANIFEST, config, 2, http.pushBlob(repo, bytes(31)), 99)),
                400, "MANIFEST_INVALID");
        assertError(http.pushManifest(repo, "d", OCI_MANIFEST, "{\"schemaVersion\":2,\"pad\":\"" + "x".repeat(4 * 1024 * 1024) + "\"}"),
                413, "MANIFEST_INVALID");
        assertError(http.pushManifest(repo, "sha256:baddigeststring", OCI_MANIFEST, manifest), 400, "DIGEST_INVALID");
        assertError(http.pushManifest(repo, sha256("other".getBytes()), OCI_MANIFEST, manifest), 400, "DIGEST_INVALID");
    }

    /** Every repository kind holds a pushed manifest to the formats it serves, not only the local store. */
    @Test
    void manifestsThatAreNoManifestFormatOrReadTwoWaysAreRejected() {
        String config = http.pushBlob(repo, "{}".getBytes());
        String manifest = image(OCI_MANIFEST, config, 2, http.pushBlob(repo, bytes(32)), 32);
        assertError(http.pushManifest(repo, "html", "text/html", "{\"schemaVersion\":2,\"layers\":[]}"), 400, "MANIFEST_INVALID");
        assertError(http.pushManifest(repo, "empty", OCI_MANIFEST, "{}"), 400, "MANIFEST_INVALID");
        assertError(http.pushManifest(repo, "twice", OCI_MANIFEST, manifest.replaceFirst("\\{", "{\"schemaVersion\":3,")),
                400, "MANIFEST_INVALID");
        assertError(http.pushManifest(repo, "huge", OCI_MANIFEST, "{\"schemaVersion\":4294967298}"), 400, "MANIFEST_INVALID");
        for (String refused : List.of("html", "empty", "twice", "huge")) {
            assertError(http.get("/v2/" + repo + "/manifests/" + refused), 404, "MANIFEST_UNKNOWN");
        }
    }

    @Test
    void sparseIndexAndNonDistributableLayersAreAccepted() {
        String missingChild = sha256(bytes(1024));
        String index = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[{\"mediaType\":\"" + OCI_MANIFEST
                + "\",\"digest\":\"" + missingChild + "\",\"size\":1024}]}";
        assertThat(http.pushManifest(repo, "sparse", OCI_INDEX, index).statusCode()).isEqualTo(201);

        String foreign = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":" + descriptor(
                "application/vnd.oci.image.config.v1+json", http.pushBlob(repo, "{}".getBytes()), 2)
                + ",\"layers\":[" + descriptor("application/vnd.oci.image.layer.nondistributable.v1.tar+gzip", sha256(bytes(5)), 5) + "]}";
        assertThat(http.pushManifest(repo, "foreign", OCI_MANIFEST, foreign).statusCode()).isEqualTo(201);
    }

    @Test
    void tagParametersTagAManifestPushedByDigest() {
        String manifest = image(OCI_MANIFEST, http.pushBlob(repo, "{}".getBytes()), 2, http.pushBlob(repo, bytes(40)), 40);
        String digest = sha256(manifest.getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> put = http.put("/v2/" + repo + "/manifests/" + digest + "?tag=one&tag=two",
                manifest.getBytes(StandardCharsets.UTF_8), "Content-Type", OCI_MANIFEST);
        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(put.headers().allValues("OCI-Tag")).containsExactly("one", "two");
        assertThat(tags(repo)).containsExactly("one", "two");
        assertThat(http.get("/v2/" + repo + "/manifests/two").headers().firstValue("Docker-Content-Digest")).hasValue(digest);
    }

    @Test
    void referrersListManifestsWithASubjectAndFilterByArtifactType() {
        String subjectManifest = image(OCI_MANIFEST, http.pushBlob(repo, "{}".getBytes()), 2, http.pushBlob(repo, bytes(50)), 50);
        String subject = sha256(subjectManifest.getBytes(StandardCharsets.UTF_8));
        http.pushManifest(repo, subject, OCI_MANIFEST, subjectManifest);
        String emptyConfig = http.pushBlob(repo, "{}".getBytes());
        String signature = artifact("application/vnd.example.signature", emptyConfig, subject, 1);
        String sbom = artifact("application/vnd.example.sbom", emptyConfig, subject, 2);

        HttpResponse<byte[]> put = http.pushManifest(repo, sha256(signature.getBytes()), OCI_MANIFEST, signature);
        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(put.headers().firstValue("OCI-Subject")).hasValue(subject);
        http.pushManifest(repo, sha256(sbom.getBytes()), OCI_MANIFEST, sbom);

        HttpResponse<byte[]> all = http.get("/v2/" + repo + "/referrers/" + subject);
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.headers().firstValue("Content-Type")).hasValue(OCI_INDEX);
        assertThat(referrerDigests(all)).containsExactlyInAnyOrder(sha256(signature.getBytes()), sha256(sbom.getBytes()));

        HttpResponse<byte[]> filtered = http.get("/v2/" + repo + "/referrers/" + subject + "?artifactType=application/vnd.example.sbom");
        assertThat(filtered.headers().firstValue("OCI-Filters-Applied")).hasValue("artifactType");
        assertThat(referrerDigests(filtered)).containsExactly(sha256(sbom.getBytes()));
        assertThat(json.readTree(filtered.body()).get("manifests").get(0).get("artifactType").asString())
                .isEqualTo("application/vnd.example.sbom");

        assertThat(http.delete("/v2/" + repo + "/manifests/" + sha256(sbom.getBytes())).statusCode()).isEqualTo(202);
        assertThat(referrerDigests(http.get("/v2/" + repo + "/referrers/" + subject))).containsExactly(sha256(signature.getBytes()));
    }

    @Test
    void manifestWhoseSubjectIsMissingIsAccepted() {
        String absent = sha256(bytes(64));
        String referrer = artifact("application/vnd.example.note", http.pushBlob(repo, "{}".getBytes()), absent, 3);
        HttpResponse<byte[]> put = http.pushManifest(repo, sha256(referrer.getBytes()), OCI_MANIFEST, referrer);
        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(referrerDigests(http.get("/v2/" + repo + "/referrers/" + absent))).containsExactly(sha256(referrer.getBytes()));
    }

    @Test
    void prometheusEndpointExportsStorageAndRequestMetrics() {
        http.pushBlob(repo, bytes(10));
        HttpResponse<byte[]> scrape = http.get("/actuator/prometheus");
        assertThat(scrape.statusCode()).isEqualTo(200);
        String metrics = new String(scrape.body(), StandardCharsets.UTF_8);
        assertThat(metrics).contains("berth_storage_operations_seconds_count{").contains("berth_storage_bytes_written_bytes_total{")
                .contains("http_server_requests_seconds_count{");
    }

    @Test
    void rootCidIsUnsupportedWhenTheStorageIsNotIpfs() {
        assertError(http.get("/berth/v1/root"), 405, "UNSUPPORTED");
    }

    @Test
    void imageCidsAreUnsupportedWhenTheStorageIsNotIpfsAndPushesStillWork() {
        String manifest = image(OCI_MANIFEST, http.pushBlob(repo, "{}".getBytes()), 2, http.pushBlob(repo, bytes(30)), 30);
        assertThat(http.pushManifest(repo, "v1", OCI_MANIFEST, manifest).statusCode()).isEqualTo(201);
        assertError(http.get("/berth/v1/images/" + repo + "/v1"), 405, "UNSUPPORTED");
        assertThat(http.delete("/v2/" + repo + "/manifests/v1").statusCode()).isEqualTo(202);
    }

    @Test
    void ipfsAndIpnsRepositoriesRefuseWritesAndNeedIpfsStorageForReads() {
        String tree = "ipfs/bafybeifs4dehd4xkdgklnwrxqqk2xd5t2fwkciggib7hvtk5c3wuo6lxia/app";
        assertError(http.post("/v2/" + tree + "/blobs/uploads/", new byte[0]), 403, "DENIED");
        assertError(http.put("/v2/ipns/registry.example.com/app/manifests/v1", "{}".getBytes(StandardCharsets.UTF_8),
                "Content-Type", OCI_MANIFEST), 403, "DENIED");
        assertError(http.delete("/v2/" + tree + "/manifests/v1"), 403, "DENIED");
        assertError(http.get("/v2/" + tree + "/manifests/v1"), 404, "NAME_UNKNOWN");
        assertError(http.get("/v2/ipfs/notacid/app/tags/list"), 400, "NAME_INVALID");
    }

    @Test
    void tagListAndCatalogPaginateWithLinkHeaders() {
        String manifest = image(OCI_MANIFEST, http.pushBlob(repo, "{}".getBytes()), 2, http.pushBlob(repo, bytes(60)), 60);
        for (String tag : List.of("c", "a", "d", "b", "e")) {
            assertThat(http.pushManifest(repo, tag, OCI_MANIFEST, manifest).statusCode()).isEqualTo(201);
        }
        HttpResponse<byte[]> first = http.get("/v2/" + repo + "/tags/list?n=2");
        assertThat(json.readTree(first.body()).get("tags").toString()).isEqualTo("[\"a\",\"b\"]");
        String link = first.headers().firstValue("Link").orElseThrow();
        assertThat(link).isEqualTo("</v2/" + repo + "/tags/list?n=2&last=b>; rel=\"next\"");

        HttpResponse<byte[]> second = http.get(link.substring(1, link.indexOf('>')));
        assertThat(json.readTree(second.body()).get("tags").toString()).isEqualTo("[\"c\",\"d\"]");
        HttpResponse<byte[]> last = http.get("/v2/" + repo + "/tags/list?n=2&last=d");
        assertThat(json.readTree(last.body()).get("tags").toString()).isEqualTo("[\"e\"]");
        assertThat(last.headers().firstValue("Link")).isEmpty();

        String sibling = repo + "-sibling";
        http.pushBlob(sibling, bytes(3));
        http.pushBlob(sibling + "2", bytes(4)); // so that a next page exists whatever other tests pushed
        HttpResponse<byte[]> catalog = http.get("/v2/_catalog?n=1&last=" + repo);
        assertThat(json.readTree(catalog.body()).get("repositories").get(0).asString()).isEqualTo(sibling);
        assertThat(catalog.headers().firstValue("Link")).hasValueSatisfying(value -> assertThat(value).contains("last=" + sibling));
    }

    @Test
    void deletesRemoveBlobsManifestsAndTags() {
        String layer = http.pushBlob(repo, bytes(70));
        String manifest = image(OCI_MANIFEST, http.pushBlob(repo, "{}".getBytes()), 2, layer, 70);
        String digest = sha256(manifest.getBytes(StandardCharsets.UTF_8));
        http.pushManifest(repo, "keep", OCI_MANIFEST, manifest);
        http.pushManifest(repo, "drop", OCI_MANIFEST, manifest);

        assertThat(http.delete("/v2/" + repo + "/manifests/drop").statusCode()).isEqualTo(202);
        assertThat(tags(repo)).containsExactly("keep");
        assertThat(http.delete("/v2/" + repo + "/manifests/" + digest).statusCode()).isEqualTo(202);
        assertError(http.get("/v2/" + repo + "/manifests/" + digest), 404, "MANIFEST_UNKNOWN");
        assertError(http.get("/v2/" + repo + "/manifests/keep"), 404, "MANIFEST_UNKNOWN");

        assertThat(http.delete("/v2/" + repo + "/blobs/" + layer).statusCode()).isEqualTo(202);
        assertError(http.get("/v2/" + repo + "/blobs/" + layer), 404, "BLOB_UNKNOWN");
        assertError(http.delete("/v2/" + repo + "/blobs/" + layer), 404, "BLOB_UNKNOWN");
    }

    @Test
    void sha512BlobsAndManifestsRoundTrip() {
        byte[] content = bytes(9000);
        String digest = sha512(content);
        assertThat(http.post("/v2/" + repo + "/blobs/uploads/?digest=" + digest, content).statusCode()).isEqualTo(201);
        assertThat(http.get("/v2/" + repo + "/blobs/" + digest).body()).isEqualTo(content);

        String location = patch(startUpload(repo), content, 0, 9000, 202);
        assertThat(http.put(location + "?digest=" + digest, new byte[0]).statusCode()).isEqualTo(201);

        String manifest = image(OCI_MANIFEST, http.pushBlob(repo, "{}".getBytes()), 2, http.pushBlob(repo, content), 9000);
        String manifestDigest = sha512(manifest.getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> put = http.put("/v2/" + repo + "/manifests/" + manifestDigest + "?tag=long",
                manifest.getBytes(StandardCharsets.UTF_8), "Content-Type", OCI_MANIFEST);
        assertThat(put.headers().firstValue("Docker-Content-Digest")).hasValue(manifestDigest);
        assertThat(http.get("/v2/" + repo + "/manifests/long").headers().firstValue("Docker-Content-Digest")).hasValue(manifestDigest);
    }

    @Test
    void clientMistakesGetSpecErrorsWithTheirStatus() {
        assertError(http.get("/v2/Upper/Case/tags/list"), 400, "NAME_INVALID");
        assertError(http.get("/v2/" + repo + "/tags/list"), 404, "NAME_UNKNOWN");
        assertError(http.get("/v2/" + repo + "/blobs/sha256:1234"), 400, "DIGEST_INVALID");
        assertError(http.get("/v2/" + repo + "/blobs/md5:d41d8cd98f00b204e9800998ecf8427e"), 400, "DIGEST_INVALID");
        assertError(http.get("/v2/" + repo + "/blobs/" + sha256(bytes(1))), 404, "BLOB_UNKNOWN");
        assertError(http.get("/v2/" + repo + "/blobs/uploads/not-an-upload"), 404, "BLOB_UPLOAD_UNKNOWN");
        assertError(http.put("/v2/" + repo + "/blobs/" + sha256(bytes(1)), new byte[0]), 405, "UNSUPPORTED");
        assertError(http.put(startUpload(repo), new byte[0]), 400, "DIGEST_INVALID");
        assertError(http.get("/v2/_catalog?n=-1"), 400, "PAGINATION_NUMBER_INVALID");
    }

    @Test
    void blobCorruptedInStorageIsNotServedCleanly() throws Exception {
        byte[] content = bytes(300_000);
        String digest = http.pushBlob(repo, content);
        byte[] tampered = content.clone();
        tampered[tampered.length - 1] ^= 1;
        driver.putContent(RegistryLayout.blobData(Digest.parse(digest)), tampered);

        String path = "/v2/" + repo + "/blobs/" + digest;
        assertThatThrownBy(() -> http.get(path)).isInstanceOf(UncheckedIOException.class);
        // A range costs what it reads: it is read for its length only, not hashed (only a whole read can be
        // checked against the digest), so the tampered last byte does not reach it.
        HttpResponse<byte[]> range = http.get(path, "Range", "bytes=0-99");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(Arrays.copyOf(content, 100));

        String small = http.pushBlob(repo, bytes(100));
        driver.putContent(RegistryLayout.blobData(Digest.parse(small)), bytes(99));
        assertError(http.get("/v2/" + repo + "/blobs/" + small), 500, "UNKNOWN");
    }

    @Test
    void aBlobStoredCorruptIsRepairedByPushingItAgain() throws Exception {
        byte[] content = bytes(200_000);
        String digest = http.pushBlob(repo, content);
        byte[] tampered = content.clone();
        tampered[0] ^= 1;
        driver.putContent(RegistryLayout.blobData(Digest.parse(digest)), tampered);
        String path = "/v2/" + repo + "/blobs/" + digest;
        assertThatThrownBy(() -> http.get(path)).isInstanceOf(UncheckedIOException.class);

        assertThat(http.pushBlob(repo, content)).isEqualTo(digest);
        assertThat(http.get(path).body()).isEqualTo(content);
    }

    // ---- helpers

    private String startUpload(String repository) {
        HttpResponse<byte[]> response = http.post("/v2/" + repository + "/blobs/uploads/", new byte[0]);
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("Range")).hasValue("0-0");
        return response.headers().firstValue("Location").orElseThrow();
    }

    /** Sends content[from, to) as a chunk and returns the next Location. */
    private String patch(String location, byte[] content, int from, int to, int expectedStatus) {
        HttpResponse<byte[]> response = http.patch(location, Arrays.copyOfRange(content, from, to),
                "Content-Range", from + "-" + (to - 1), "Content-Type", OCTETS);
        assertThat(response.statusCode()).as(text(response)).isEqualTo(expectedStatus);
        assertThat(response.headers().firstValue("Range")).hasValue("0-" + (to - 1));
        return response.headers().firstValue("Location").orElseThrow();
    }

    private void assertError(HttpResponse<byte[]> response, int status, String code) {
        assertThat(response.statusCode()).as(text(response)).isEqualTo(status);
        JsonNode error = json.readTree(response.body()).get("errors").get(0);
        assertThat(error.get("code").asString()).isEqualTo(code);
        assertThat(error.get("message").asString()).isNotBlank();
    }

    private List<String> tags(String repository) {
        JsonNode list = json.readTree(http.get("/v2/" + repository + "/tags/list").body()).get("tags");
        return list.valueStream().map(JsonNode::asString).toList();
    }

    private List<String> referrerDigests(HttpResponse<byte[]> response) {
        return json.readTree(response.body()).get("manifests").valueStream().map(node -> node.get("digest").asString()).toList();
    }

    private boolean exists(String path) {
        try {
            driver.stat(path);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private byte[] bytes(int size) {
        byte[] content = new byte[size];
        random.nextBytes(content);
        return content;
    }

    private static String descriptor(String mediaType, String digest, long size) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
    }

    private static String image(String mediaType, String config, long configSize, String layer, long layerSize) {
        String configType = mediaType.equals(DOCKER_MANIFEST) ? "application/vnd.docker.container.image.v1+json" : "application/vnd.oci.image.config.v1+json";
        String layerType = mediaType.equals(DOCKER_MANIFEST) ? "application/vnd.docker.image.rootfs.diff.tar.gzip" : "application/vnd.oci.image.layer.v1.tar+gzip";
        return "{\"schemaVersion\":2,\"mediaType\":\"" + mediaType + "\",\"config\":" + descriptor(configType, config, configSize)
                + ",\"layers\":[" + descriptor(layerType, layer, layerSize) + "]}";
    }

    private static String artifact(String artifactType, String emptyConfig, String subject, int serial) {
        return "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"artifactType\":\"" + artifactType + "\",\"config\":"
                + descriptor("application/vnd.oci.empty.v1+json", emptyConfig, 2) + ",\"layers\":[],\"subject\":"
                + descriptor(OCI_MANIFEST, subject, 100) + ",\"annotations\":{\"serial\":\"" + serial + "\"}}";
    }
}
