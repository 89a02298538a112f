package dev.berth.registry.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.blobs.BlobStore;
import dev.berth.registry.blobs.StoredBlobs;
import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.manifests.ManifestProperties;
import dev.berth.registry.manifests.StoredManifests;
import dev.berth.registry.metrics.RegistryMetrics;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.DigestAlgorithm;
import dev.berth.registry.naming.MediaType;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import dev.berth.registry.oci.Manifest;
import dev.berth.registry.referrers.ReferrerIndex;
import dev.berth.registry.repository.BlobContent;
import dev.berth.registry.repository.ContentRange;
import dev.berth.registry.repository.StoredManifest;
import dev.berth.registry.repository.UploadChunk;
import dev.berth.registry.repository.UploadStatus;
import dev.berth.registry.tags.StoredTags;
import dev.berth.registry.uploads.StoredUploads;
import dev.berth.registry.uploads.UploadLocks;
import dev.berth.storage.StorageDriver.WalkControl;
import dev.berth.storage.ipfs.IpfsStorageDriver;
import dev.berth.storage.ipfs.testing.KuboNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A push dies at every one of its Kubo calls, two ways: the registry's process dies just before the
 * call (the call never reaches Kubo), or Kubo is killed ({@code kill -9}) as the call arrives, losing
 * whatever it had not persisted. Each time, a fresh registry over the same tree (Kubo restarted)
 * finds nothing half-visible: every stored blob hashes to its digest, every repository link and tag
 * names stored content, every visible manifest reads whole with its media type and its layers.
 */
class CrashDuringPushOnIpfsTest {
    private static final RepositoryName REPOSITORY = new RepositoryName("crash/app");
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static KuboNode kubo;

    @BeforeAll
    static void startKubo() throws IOException {
        kubo = KuboNode.start();
    }

    @AfterAll
    static void stopKubo() {
        kubo.close();
    }

    @Test
    void aPushCutAtAnyKuboCallLeavesNothingHalfVisible() throws Exception {
        int calls;
        try (KuboCallCutter counting = new KuboCallCutter(kubo.api(), 0, () -> { })) {
            push(counting.api(), "/crash-count");
            calls = counting.calls();
            check("/crash-count", true);
        }
        assertThat(calls).as("Kubo calls of the whole push").isBetween(10, 60);
        for (int cut = 1; cut <= calls; cut++) {
            for (boolean killKubo : List.of(false, true)) {
                String root = "/crash-" + cut + (killKubo ? "-kubo" : "-process");
                try (KuboCallCutter cutter = new KuboCallCutter(kubo.api(), cut, killKubo ? kubo::kill : () -> { })) {
                    try {
                        push(cutter.api(), root);
                    } catch (RuntimeException | IOException expected) {
                        // the push died with its process or its Kubo
                        System.out.println("cut at call " + cut + (killKubo ? " (Kubo killed)" : "") + ": " + expected);
                    }
                    assertThat(cutter.wasCut()).as("call %d was reached (%d calls)", cut, cutter.calls()).isTrue();
                }
                if (killKubo) {
                    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (kubo.isRunning() && System.nanoTime() < deadline) {
                        Thread.sleep(20); // the kill runs on the relay's thread
                    }
                    kubo.restart();
                }
                check(root, false);
            }
        }
    }

    /** One image: a layer pushed whole, a layer in two chunks, a config, a manifest with a tag. */
    private static void push(URI api, String root) throws IOException {
        try (IpfsStorageDriver driver = IpfsStorageDriver.builder().api(api).root(root).timeout(Duration.ofSeconds(10)).build()) {
            Registry registry = new Registry(driver);
            byte[] whole = bytes(700_000, 1);
            Digest wholeDigest = Digest.of(DigestAlgorithm.SHA256, whole);
            registry.uploads.pushWhole(REPOSITORY, wholeDigest, chunk(whole, OptionalLong.empty()));

            byte[] chunked = bytes(600_000, 2);
            Digest chunkedDigest = Digest.of(DigestAlgorithm.SHA256, chunked);
            UploadStatus upload = registry.uploads.start(REPOSITORY);
            registry.uploads.append(REPOSITORY, upload.id(), chunk(java.util.Arrays.copyOf(chunked, 250_000), OptionalLong.of(0)));
            registry.uploads.complete(REPOSITORY, upload.id(), chunkedDigest,
                    chunk(java.util.Arrays.copyOfRange(chunked, 250_000, chunked.length), OptionalLong.of(250_000)));

            byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
            Digest configDigest = Digest.of(DigestAlgorithm.SHA256, config);
            registry.uploads.pushWhole(REPOSITORY, configDigest, chunk(config, OptionalLong.empty()));

            String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                    + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest
                    + "\",\"size\":" + config.length + "},\"layers\":[" + layer(wholeDigest, whole.length) + ","
                    + layer(chunkedDigest, chunked.length) + "]}";
            registry.manifests.put(REPOSITORY, new Tag("v1"), Optional.of(new MediaType("application/vnd.oci.image.manifest.v1+json")),
                    manifest.getBytes(StandardCharsets.UTF_8), List.of());
        }
    }

    /** Everything visible in the tree is whole; with {@code complete}, the image is there. */
    private static void check(String root, boolean complete) throws IOException {
        try (IpfsStorageDriver driver = IpfsStorageDriver.builder().api(kubo.api()).root(root).timeout(Duration.ofSeconds(30)).build()) {
            Registry registry = new Registry(driver);
            List<Digest> blobs = digestsBelow(registry.storage, RegistryLayout.BLOBS);
            for (Digest blob : blobs) {
                ByteArrayOutputStream read = new ByteArrayOutputStream();
                new ByteArrayInputStream(registry.storage.read(RegistryLayout.blobData(blob)).orElseThrow()).transferTo(read);
                assertThat(Digest.of(blob.algorithm(), read.toByteArray())).as("stored blob %s in %s", blob, root).isEqualTo(blob);
            }
            for (Digest linked : digestsBelow(registry.storage, RegistryLayout.layers(REPOSITORY))) {
                assertThat(blobs).as("the layer link of %s in %s names stored content", linked, root).contains(linked);
                BlobContent content = registry.blobs.open(REPOSITORY, linked, Optional.empty());
                content.transferTo(java.io.OutputStream.nullOutputStream());
            }
            // a revision is visible once its link is there (its content and media type are written first)
            List<Digest> revisions = digestsBelow(registry.storage, RegistryLayout.manifestRevisions(REPOSITORY)).stream()
                    .filter(digest -> registry.storage.exists(RegistryLayout.manifestRevisionLink(REPOSITORY, digest)))
                    .toList();
            for (Digest revision : revisions) {
                StoredManifest stored = registry.manifests.get(REPOSITORY, revision);
                Manifest manifest = Manifest.parse(JSON, stored.content(), Optional.of(stored.mediaType()));
                for (Digest named : manifest.blobs()) {
                    assertThat(registry.blobs.stat(REPOSITORY, named)).as("%s names %s in %s", revision, named, root).isPresent();
                }
            }
            Optional<Digest> tagged = registry.tags.get(REPOSITORY, new Tag("v1"));
            tagged.ifPresent(digest -> assertThat(revisions).as("the tag names a stored manifest in %s", root).contains(digest));
            if (complete) {
                assertThat(tagged).isPresent();
                assertThat(blobs).hasSize(4);
            }
        }
        kubo.client().files().removeIfPresent(root);
        kubo.client().files().removeIfPresent(root + ".partial");
    }

    private static List<Digest> digestsBelow(RegistryStorage storage, String folder) throws IOException {
        List<Digest> found = new ArrayList<>();
        if (!storage.exists(folder)) {
            return found;
        }
        storage.driver().walk(folder, info -> {
            String name = RegistryLayout.name(info.path());
            if (info.directory() && name.length() >= 64 && name.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                found.add(RegistryLayout.digestAt(info.path()));
                return WalkControl.SKIP_CHILDREN;
            }
            return WalkControl.CONTINUE;
        });
        return found;
    }

    private static UploadChunk chunk(byte[] content, OptionalLong first) {
        Optional<ContentRange> range = first.isPresent()
                ? Optional.of(new ContentRange(first.getAsLong(), first.getAsLong() + content.length - 1))
                : Optional.empty();
        return new UploadChunk(range, OptionalLong.of(content.length), new ByteArrayInputStream(content));
    }

    private static String layer(Digest digest, long size) {
        return "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
    }

    private static byte[] bytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    /** The local store's services over one driver, as a process holds them. */
    private static final class Registry {
        final RegistryStorage storage;
        final StoredBlobs blobs;
        final StoredUploads uploads;
        final StoredTags tags;
        final StoredManifests manifests;

        Registry(IpfsStorageDriver driver) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            RegistryMetrics metrics = new RegistryMetrics(meters);
            storage = new RegistryStorage(driver, meters);
            SweepGuard guard = new SweepGuard();
            DigestCheck check = new DigestCheck(metrics);
            BlobStore store = new BlobStore(storage, guard, check);
            blobs = new StoredBlobs(store);
            uploads = new StoredUploads(storage, store, guard, check, new UploadLocks(), metrics);
            tags = new StoredTags(storage, event -> { });
            manifests = new StoredManifests(storage, store, tags, new ReferrerIndex(storage, JSON), JSON, new ManifestProperties(false),
                    guard, check, event -> { });
        }
    }
}
