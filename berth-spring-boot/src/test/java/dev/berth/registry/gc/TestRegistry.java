package dev.berth.registry.gc;

import dev.berth.registry.blobs.BlobStore;
import dev.berth.registry.blobs.StoredBlobs;
import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.manifests.ManifestProperties;
import dev.berth.registry.manifests.StoredManifests;
import dev.berth.registry.metrics.RegistryMetrics;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.DigestAlgorithm;
import dev.berth.registry.naming.MediaType;
import dev.berth.registry.naming.Reference;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import dev.berth.registry.referrers.ReferrerIndex;
import dev.berth.registry.referrers.StoredReferrers;
import dev.berth.registry.repository.Repository;
import dev.berth.registry.repository.Blobs;
import dev.berth.registry.repository.Manifests;
import dev.berth.registry.repository.Tags;
import dev.berth.registry.repository.UploadChunk;
import dev.berth.registry.repository.Uploads;
import dev.berth.registry.store.DigestCheck;
import dev.berth.registry.store.RegistryStorage;
import dev.berth.registry.store.SweepGuard;
import dev.berth.registry.tags.StoredTags;
import dev.berth.registry.uploads.StoredUploads;
import dev.berth.registry.uploads.UploadLocks;
import dev.berth.storage.StorageDriver;
import dev.berth.storage.StorageDriver.WalkControl;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The registry's services over one driver, with a clock the test moves, and small ways to build trees of images. */
final class TestRegistry {
    final RegistryStorage storage;
    final SweepGuard guard = new SweepGuard();
    final BlobStore store;
    final Blobs blobs;
    final UploadLocks locks = new UploadLocks();
    final Uploads uploads;
    final Tags tags;
    final Manifests manifests;
    final ReferrerIndex referrers;
    final MovableClock clock = new MovableClock(Instant.now());
    private final ObjectMapper json = JsonMapper.builder().build();
    private final Map<Digest, Long> sizes = new ConcurrentHashMap<>();

    TestRegistry(StorageDriver driver) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RegistryMetrics metrics = new RegistryMetrics(meters);
        storage = new RegistryStorage(driver, meters);
        DigestCheck check = new DigestCheck(metrics);
        store = new BlobStore(storage, guard, check);
        blobs = new StoredBlobs(store);
        uploads = new StoredUploads(storage, store, guard, check, locks, metrics);
        tags = new StoredTags(storage, event -> { });
        referrers = new ReferrerIndex(storage, json);
        manifests = new StoredManifests(storage, store, tags, referrers, json, new ManifestProperties(false), guard, check,
                event -> { });
    }

    /** The repository as requests see it, over these services. */
    Repository repository(String name) {
        return Repository.of(new RepositoryName(name), Repository.ALL, blobs, uploads, manifests, tags, new StoredReferrers(referrers));
    }

    GarbageCollector collector(GcProperties properties) {
        return new GarbageCollector(storage, manifests, tags, referrers, locks, guard, properties, json, clock, Duration.ofMillis(100));
    }

    GcReport gc(GcProperties properties) {
        return collector(properties).run(false);
    }

    /** Pushes a blob whole into the repository. */
    Digest blob(String repository, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.of(DigestAlgorithm.SHA256, bytes);
        uploads.pushWhole(new RepositoryName(repository), digest,
                new UploadChunk(Optional.empty(), OptionalLong.of(bytes.length), new ByteArrayInputStream(bytes)));
        sizes.put(digest, (long) bytes.length);
        return digest;
    }

    /** Pushes an image manifest naming the config and layers (pushed before), under the tag when given (else by digest). */
    Digest image(String repository, String tag, Digest config, Digest... layers) {
        String body = """
                {"schemaVersion":2,"mediaType":"%s","config":%s,"layers":[%s]}"""
                .formatted(MediaType.OCI_MANIFEST.value(), descriptor("application/vnd.oci.image.config.v1+json", config),
                        String.join(",", Arrays.stream(layers).map(l -> descriptor("application/vnd.oci.image.layer.v1.tar", l)).toList()));
        return manifest(repository, tag, body);
    }

    /** Pushes an index of the given manifests. */
    Digest index(String repository, String tag, Digest... children) {
        String body = """
                {"schemaVersion":2,"mediaType":"%s","manifests":[%s]}"""
                .formatted(MediaType.OCI_INDEX.value(),
                        String.join(",", Arrays.stream(children).map(c -> descriptor(MediaType.OCI_MANIFEST.value(), c)).toList()));
        return manifest(repository, tag, body);
    }

    /** Pushes, by digest, an artifact manifest whose subject is the given manifest (a signature, say). */
    Digest referrer(String repository, Digest subject, Digest config) {
        String body = """
                {"schemaVersion":2,"mediaType":"%s","artifactType":"application/vnd.test.signature","config":%s,"layers":[],"subject":%s}"""
                .formatted(MediaType.OCI_MANIFEST.value(), descriptor("application/vnd.oci.empty.v1+json", config),
                        descriptor(MediaType.OCI_MANIFEST.value(), subject));
        return manifest(repository, null, body);
    }

    private Digest manifest(String repository, String tag, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.of(DigestAlgorithm.SHA256, bytes);
        Reference reference = tag == null ? digest : new Tag(tag);
        manifests.put(new RepositoryName(repository), reference, Optional.of(new MediaType(json.readTree(bytes).get("mediaType").asString())),
                bytes, List.of());
        sizes.put(digest, (long) bytes.length);
        return digest;
    }

    private String descriptor(String mediaType, Digest digest) {
        return "{\"mediaType\":\"%s\",\"digest\":\"%s\",\"size\":%d}".formatted(mediaType, digest, sizes.get(digest));
    }

    /** Notes the size of a blob a test found already stored, for the descriptors of later manifests. */
    void remember(Digest digest, long size) {
        sizes.put(digest, size);
    }

    long size(Digest digest) {
        return sizes.get(digest);
    }

    void deleteManifest(String repository, Digest digest) {
        manifests.delete(new RepositoryName(repository), digest);
    }

    boolean stored(Digest digest) {
        return store.isStored(digest);
    }

    boolean linked(String repository, Digest digest) {
        return storage.exists(RegistryLayout.layerLink(new RepositoryName(repository), digest));
    }

    boolean hasRevision(String repository, Digest digest) {
        return storage.exists(RegistryLayout.manifestRevisionLink(new RepositoryName(repository), digest));
    }

    /** Every file in storage with its content, to show that something changed nothing. */
    Map<String, String> snapshot() throws IOException {
        Map<String, String> files = new TreeMap<>();
        storage.driver().walk("/", info -> {
            if (!info.directory()) {
                files.put(info.path(), new String(storage.read(info.path()).orElseThrow(), StandardCharsets.ISO_8859_1));
            }
            return WalkControl.CONTINUE;
        });
        return files;
    }

    /** A clock the test sets. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
