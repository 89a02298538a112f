package dev.berth.registry.encryption.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.encryption.EncryptionMode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.MediaType;
import dev.berth.registry.naming.PageRequest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import dev.berth.registry.repository.RangeRequest;
import dev.berth.registry.repository.Referrer;
import dev.berth.registry.repository.Repository;
import dev.berth.registry.repository.UploadId;
import dev.berth.storage.StorageDriver;
import dev.berth.storage.inmemory.InMemoryDriver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateRepositoriesTest {
    private static final String APP = "team/app";

    @TempDir
    Path folder;

    private PrivateFixture convergent(String name) {
        return new PrivateFixture(folder.resolve("keyset.json"), folder.resolve(name + "-staging"),
                repository -> EncryptionMode.CONVERGENT);
    }

    @Test
    void aChunkedUploadIsStagedEncryptedAndServedAsItWasPushed() throws IOException {
        PrivateFixture registry = convergent("a");
        byte[] content = ("plain marker text " + "x".repeat(50)).repeat(20_000).getBytes(StandardCharsets.UTF_8);
        Repository repository = registry.repository(APP);
        UploadId id = repository.uploads().start(repository.name()).id();
        repository.uploads().append(repository.name(), id, PrivateFixture.chunk(content, 0, 400_000));

        try (Stream<Path> staged = Files.walk(registry.staging)) {
            for (Path file : staged.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).doesNotContain("plain marker");
            }
        }
        assertThat(repository.uploads().status(repository.name(), id).size()).isEqualTo(400_000);
        Digest digest = repository.uploads().complete(repository.name(), id, Digest.of(dev.berth.registry.naming.DigestAlgorithm.SHA256,
                content), PrivateFixture.chunk(content, 400_000, content.length));

        assertThat(registry.read(APP, digest)).isEqualTo(content);
        assertThat(repository.blobs().stat(repository.name(), digest).orElseThrow().size()).isEqualTo(content.length);
        try (Stream<Path> staged = Files.list(registry.staging)) {
            assertThat(staged).as("the staged upload is gone once complete").isEmpty();
        }
        for (Map.Entry<String, byte[]> file : registry.files().entrySet()) {
            assertThat(new String(file.getValue(), StandardCharsets.ISO_8859_1)).as(file.getKey()).doesNotContain("plain marker");
        }
    }

    /**
     * A convergent upload is encrypted for good as it arrives, into pending content that no listing
     * sees; one that another process continues (after a restart, without the running hash of the
     * first bytes) is read back, checked and moved in, and comes out as the same files.
     */
    @Test
    void aConvergentUploadContinuedByAnotherProcessIsCheckedAndStoredTheSame() {
        PrivateFixture first = convergent("restart");
        // Past the size of uploads that wait whole: the second request starts streaming into storage.
        byte[] content = random((int) PrivateUploads.SMALL_UPLOAD + 3 * 256 * 1024 + 999, 9);
        Digest digest = Digest.of(dev.berth.registry.naming.DigestAlgorithm.SHA256, content);
        Repository repository = first.repository(APP);
        UploadId id = repository.uploads().start(repository.name()).id();
        repository.uploads().append(repository.name(), id, PrivateFixture.chunk(content, 0, 300_000));
        assertThat(first.files().keySet()).as("nothing of the upload is visible yet").containsExactly(PrivateLayout.KEYSET_CHECK);

        PrivateFixture restarted = new PrivateFixture(first.driver, folder.resolve("keyset.json"), folder.resolve("restart-staging"),
                name -> EncryptionMode.CONVERGENT);
        Repository again = restarted.repository(APP);
        assertThat(again.uploads().status(again.name(), id).size()).isEqualTo(300_000);
        int streamed = (int) PrivateUploads.SMALL_UPLOAD + 100_000;
        again.uploads().append(again.name(), id, PrivateFixture.chunk(content, 300_000, streamed));
        assertThat(again.uploads().status(again.name(), id).size()).isEqualTo(streamed);
        again.uploads().append(again.name(), id, PrivateFixture.chunk(content, streamed, streamed + 5000));
        assertThat(again.uploads().complete(again.name(), id, digest, PrivateFixture.chunk(content, streamed + 5000, content.length)))
                .isEqualTo(digest);
        assertThat(restarted.read(APP, digest)).isEqualTo(content);

        PrivateFixture whole = convergent("whole");
        whole.push(APP, content);
        assertThat(restarted.files()).as("the same files as a push in one piece")
                .containsOnlyKeys(whole.files().keySet());
        whole.files().forEach((path, bytes) -> assertThat(restarted.files().get(path)).as(path).isEqualTo(bytes));
    }

    @Test
    void aConvergentUploadWithAWrongDigestAfterARestartLeavesNothing() {
        PrivateFixture first = convergent("wrong");
        byte[] content = random(400_000, 10);
        Repository repository = first.repository(APP);
        UploadId id = repository.uploads().start(repository.name()).id();
        repository.uploads().append(repository.name(), id, PrivateFixture.chunk(content, 0, 100_000));
        PrivateFixture restarted = new PrivateFixture(first.driver, folder.resolve("keyset.json"), folder.resolve("wrong-staging"),
                name -> EncryptionMode.CONVERGENT);
        Repository again = restarted.repository(APP);
        Digest claimed = Digest.of(dev.berth.registry.naming.DigestAlgorithm.SHA256, new byte[] {1});
        assertThatThrownBy(() -> again.uploads().complete(again.name(), id, claimed, PrivateFixture.chunk(content, 100_000, content.length)))
                .isInstanceOf(RegistryException.class).hasMessageContaining("hashes to");
        assertThat(restarted.files().keySet()).containsExactly(PrivateLayout.KEYSET_CHECK);
    }

    @Test
    void anUploadThatDoesNotHashToItsDigestLeavesNothing() {
        PrivateFixture registry = convergent("a");
        Repository repository = registry.repository(APP);
        UploadId id = repository.uploads().start(repository.name()).id();
        byte[] content = new byte[1000];
        Digest claimed = Digest.parse("sha256:" + "ab".repeat(32));
        assertThatThrownBy(() -> repository.uploads().complete(repository.name(), id, claimed, PrivateFixture.chunk(content, 0, 1000)))
                .isInstanceOf(RegistryException.class).hasMessageContaining("hashes to");
        assertThat(registry.files().keySet()).containsExactly(PrivateLayout.KEYSET_CHECK);
    }

    @Test
    void twoRegistriesWithOneKeysetStoreTheSameFilesForTheSamePushes() {
        PrivateFixture a = convergent("a");
        PrivateFixture b = convergent("b");
        byte[] layer = random(700_000, 1);
        for (PrivateFixture registry : List.of(a, b)) {
            registry.pushImage(APP, "v1", layer);
        }
        b.pushChunked(APP, random(300_000, 2), 64 * 1024);
        a.push(APP, random(300_000, 2));

        Map<String, byte[]> filesOfA = a.files();
        Map<String, byte[]> filesOfB = b.files();
        assertThat(filesOfA.keySet()).isEqualTo(filesOfB.keySet()).hasSizeGreaterThan(6);
        filesOfA.forEach((path, content) -> assertThat(filesOfB.get(path)).as(path).isEqualTo(content));
    }

    @Test
    void randomKeyRepositoriesOfTwoRegistriesHaveNothingInCommonButTheKeysetCheck() {
        PrivateFixture a = new PrivateFixture(folder.resolve("keyset.json"), folder.resolve("a"), repository -> EncryptionMode.RANDOM);
        PrivateFixture b = new PrivateFixture(folder.resolve("keyset.json"), folder.resolve("b"), repository -> EncryptionMode.RANDOM);
        byte[] layer = random(300_000, 3);
        Digest manifest = a.pushImage(APP, "v1", layer);
        b.pushImage(APP, "v1", layer);

        Map<String, byte[]> filesOfA = a.files();
        Map<String, byte[]> filesOfB = b.files();
        Set<String> commonPaths = new HashSet<>(filesOfA.keySet());
        commonPaths.retainAll(filesOfB.keySet());
        assertThat(commonPaths).containsExactlyInAnyOrder(PrivateLayout.KEYSET_CHECK, PrivateLayout.TREE_SALT);
        assertThat(filesOfA.get(PrivateLayout.TREE_SALT)).isNotEqualTo(filesOfB.get(PrivateLayout.TREE_SALT));
        Set<String> contentsOfB = new HashSet<>();
        filesOfB.values().forEach(content -> contentsOfB.add(Arrays.toString(content)));
        long shared = filesOfA.values().stream().filter(content -> contentsOfB.contains(Arrays.toString(content))).count();
        assertThat(shared).as("only the keyset check is the same bytes").isEqualTo(1);

        Repository repository = a.repository(APP);
        assertThat(repository.manifests().get(repository.name(), new Tag("v1")).digest()).isEqualTo(manifest);
        assertThat(a.read(APP, Digest.of(dev.berth.registry.naming.DigestAlgorithm.SHA256, layer))).isEqualTo(layer);
    }

    @Test
    void aRangeReadsOnlyTheCiphertextSegmentsHoldingIt() {
        AtomicLong bytesRead = new AtomicLong();
        PrivateFixture registry = new PrivateFixture(new CountingDriver(new InMemoryDriver(), bytesRead), folder.resolve("keyset.json"),
                folder.resolve("staging"), repository -> EncryptionMode.CONVERGENT);
        byte[] content = random(5 * 1024 * 1024, 4);
        Digest digest = registry.push(APP, content);

        bytesRead.set(0);
        byte[] range = registry.read(APP, digest, RangeRequest.parse("bytes=3000000-3000099"));
        assertThat(range).isEqualTo(Arrays.copyOfRange(content, 3_000_000, 3_000_100));
        assertThat(bytesRead.get()).as("the header and one 256 KiB segment").isLessThanOrEqualTo(50 + 256 * 1024);

        bytesRead.set(0);
        assertThat(registry.read(APP, digest, RangeRequest.parse("bytes=-10"))).isEqualTo(Arrays.copyOfRange(content,
                content.length - 10, content.length));
        assertThat(bytesRead.get()).isLessThanOrEqualTo(50 + 256 * 1024);
    }

    @Test
    void tagsManifestsReferrersAndDeletes() {
        PrivateFixture registry = convergent("a");
        Digest image = registry.pushImage(APP, "v1", random(1000, 5));
        Repository repository = registry.repository(APP);
        RepositoryName name = repository.name();
        repository.tags().put(name, new Tag("latest"), image);
        byte[] signature = ("{\"schemaVersion\":2,\"mediaType\":\"" + PrivateFixture.OCI_MANIFEST + "\",\"artifactType\":"
                + "\"application/vnd.example.signature\",\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\","
                + "\"digest\":\"" + registry.push(APP, "{}".getBytes(StandardCharsets.UTF_8)) + "\",\"size\":2},\"layers\":[],"
                + "\"subject\":{\"mediaType\":\"" + PrivateFixture.OCI_MANIFEST + "\",\"digest\":\"" + image + "\",\"size\":1}}")
                .getBytes(StandardCharsets.UTF_8);
        Digest signatureDigest = repository.manifests().put(name, Digest.of(dev.berth.registry.naming.DigestAlgorithm.SHA256, signature),
                Optional.of(new MediaType(PrivateFixture.OCI_MANIFEST)), signature, List.of()).digest();

        assertThat(repository.tags().list(name, PageRequest.all()).entries()).containsExactly("latest", "v1");
        assertThat(repository.referrers().list(name, image, Optional.empty())).extracting(Referrer::digest)
                .containsExactly(signatureDigest);
        assertThat(repository.referrers().list(name, image, Optional.of("other"))).isEmpty();
        assertThat(registry.repositories.catalog().names()).containsExactly(name);

        repository.manifests().delete(name, signatureDigest);
        assertThat(repository.referrers().list(name, image, Optional.empty())).isEmpty();
        repository.manifests().delete(name, image);
        assertThat(repository.tags().list(name, PageRequest.all()).entries()).isEmpty();
        assertThatThrownBy(() -> repository.manifests().get(name, image)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("manifest unknown");
    }

    @Test
    void garbageCollectionSweepsWhatNoManifestNamesAndExpiresIdleUploads() throws IOException {
        PrivateFixture registry = convergent("a");
        byte[] layer = random(2000, 6);
        registry.pushImage(APP, "v1", layer);
        Digest stray = registry.push("team/other", random(3000, 7));
        Repository repository = registry.repository(APP);
        UploadId idle = repository.uploads().start(repository.name()).id();
        Path idleFolder = registry.staging.resolve(StagingArea.keyOf(repository.name(), idle));
        Files.setLastModifiedTime(idleFolder, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(7200)));
        PrivateGarbageCollector collector = new PrivateGarbageCollector(registry.repositories,
                dev.berth.registry.gc.GcProperties.defaults().withGrace(java.time.Duration.ZERO), PrivateFixture.JSON,
                java.time.Clock.systemUTC());

        var dryRun = collector.run(true);
        assertThat(dryRun.blobsSwept()).isEqualTo(1);
        assertThat(registry.repository("team/other").blobs().stat(new RepositoryName("team/other"), stray)).isPresent();

        var report = collector.run(false);
        assertThat(report.repositories()).isEqualTo(2);
        assertThat(report.manifestsKept()).isEqualTo(1);
        assertThat(report.blobsMarked()).isEqualTo(2);
        assertThat(report.blobsSwept()).isEqualTo(1);
        assertThat(report.layerLinksRemoved()).isEqualTo(1);
        assertThat(registry.repository("team/other").blobs().stat(new RepositoryName("team/other"), stray)).isEmpty();
        assertThat(registry.read(APP, Digest.of(dev.berth.registry.naming.DigestAlgorithm.SHA256, layer))).isEqualTo(layer);
        assertThat(report.uploadsExpired()).isZero(); // upload-expiry is 24 h by default
        var withExpiry = new PrivateGarbageCollector(registry.repositories, new dev.berth.registry.gc.GcProperties(false,
                java.time.Duration.ofHours(1), java.time.Duration.ZERO, false, false, java.time.Duration.ofHours(1)),
                PrivateFixture.JSON, java.time.Clock.systemUTC()).run(false);
        assertThat(withExpiry.uploadsExpired()).isEqualTo(1);
        assertThat(idleFolder).doesNotExist();

        // What a process that died while hashing an upload back left in the tree: gone once past the expiry, not before.
        String left = PrivateLayout.uploadBeingChecked("0f".repeat(32), java.time.Instant.now().minusSeconds(7200));
        String recent = PrivateLayout.uploadBeingChecked("1e".repeat(32), java.time.Instant.now());
        registry.storage.write(left, new byte[] {1});
        registry.storage.write(recent, new byte[] {2});
        var leftovers = new PrivateGarbageCollector(registry.repositories, new dev.berth.registry.gc.GcProperties(false,
                java.time.Duration.ofHours(1), java.time.Duration.ZERO, false, false, java.time.Duration.ofHours(1)),
                PrivateFixture.JSON, java.time.Clock.systemUTC()).run(false);
        assertThat(leftovers.uploadsExpired()).isEqualTo(1);
        assertThat(registry.storage.exists(left)).isFalse();
        assertThat(registry.storage.exists(recent)).isTrue();
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** A driver that counts the bytes its ranged readers deliver. */
    private static final class CountingDriver extends ForwardingDriver {
        private final AtomicLong bytesRead;

        CountingDriver(StorageDriver driver, AtomicLong bytesRead) {
            super(driver);
            this.bytesRead = bytesRead;
        }

        @Override
        public InputStream reader(String path, long offset) throws IOException {
            return counting(super.reader(path, offset));
        }

        @Override
        public InputStream reader(String path, long offset, long length) throws IOException {
            return counting(super.reader(path, offset, length));
        }

        private InputStream counting(InputStream in) {
            return new java.io.FilterInputStream(in) {
                @Override
                public int read(byte[] bytes, int offset, int length) throws IOException {
                    int read = in.read(bytes, offset, length);
                    bytesRead.addAndGet(Math.max(read, 0));
                    return read;
                }

                @Override
                public int read() throws IOException {
                    int read = in.read();
                    if (read >= 0) {
                        bytesRead.incrementAndGet();
                    }
                    return read;
                }
            };
        }
    }
}
