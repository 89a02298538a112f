package dev.berth.registry.gc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.oci.Manifest;
import dev.berth.registry.repository.StoredManifest;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.DigestAlgorithm;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import dev.berth.storage.inmemory.InMemoryDriver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Garbage collection with no grace period, run again and again while pushes (many small images
 * sharing layers) and deletes go on: afterwards every tagged image is whole. Only the
 * {@link SweepGuard} keeps this true: with its checks and locking taken out, content of freshly
 * pushed manifests is swept between the run's mark and its sweep, and this test fails (a pusher
 * deleting an image it just pushed finds "the manifest's content is missing from storage").
 */
class GcUnderConcurrentPushesTest {
    private static final Duration LOAD = Duration.ofSeconds(6);
    private static final int PUSHERS = 4;
    private static final int SHARED_LAYERS = 3;

    private final TestRegistry registry = new TestRegistry(new InMemoryDriver());
    private final GarbageCollector collector = registry.collector(GcProperties.defaults().withGrace(Duration.ZERO));
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong pushes = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    /** Every tag pushed and not deleted afterwards, with its repository. */
    private final Map<String, String> liveTags = new ConcurrentHashMap<>();

    @Test
    void everyTaggedImageIsWholeAfterCollectingWhilePushing() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(PUSHERS + 1);
        try {
            List<Future<?>> pushers = new ArrayList<>();
            for (int pusher = 0; pusher < PUSHERS; pusher++) {
                int id = pusher;
                pushers.add(threads.submit(() -> push(id)));
            }
            Future<List<GcReport>> runs = threads.submit(this::collectUntilStopped);
            Thread.sleep(LOAD.toMillis());
            stop.set(true);
            for (Future<?> pusher : pushers) {
                pusher.get();
            }
            List<GcReport> reports = runs.get();

            assertThat(reports.size()).as("collections during the load").isGreaterThan(5);
            assertThat(reports.stream().mapToLong(GcReport::blobsSwept).sum()).as("blobs of deleted images swept").isPositive();
            assertThat(pushes.get()).as("images pushed").isGreaterThan(10);
            for (Map.Entry<String, String> tag : liveTags.entrySet()) {
                assertWhole(new RepositoryName(tag.getValue()), new Tag(tag.getKey()));
            }
            // and once the pushes stopped, one more run leaves them whole too
            collector.run(false);
            for (Map.Entry<String, String> tag : liveTags.entrySet()) {
                assertWhole(new RepositoryName(tag.getValue()), new Tag(tag.getKey()));
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private List<GcReport> collectUntilStopped() {
        List<GcReport> reports = new ArrayList<>();
        while (!stop.get()) {
            reports.add(collector.run(false));
        }
        return reports;
    }

    /** Pushes images like a client: HEAD each blob, upload what is missing, push the manifest; every third image is deleted again. */
    private void push(int pusher) {
        String repository = "load/pusher" + pusher;
        for (int image = 0; !stop.get(); image++) {
            String tag = "i" + image;
            Digest manifest = pushWithRetries(repository, tag, pusher, image);
            pushes.incrementAndGet();
            if (image % 3 == 0) {
                registry.deleteManifest(repository, manifest);
            } else {
                liveTags.put(tag, repository);
            }
        }
    }

    private Digest pushWithRetries(String repository, String tag, int pusher, int image) {
        while (true) {
            try {
                Digest config = ensureBlob(repository, "{\"pusher\":" + pusher + ",\"image\":" + image + "}");
                Digest shared = ensureBlob(repository, "shared layer " + image % SHARED_LAYERS);
                Digest own = ensureBlob(repository, "layer of pusher " + pusher + " image " + image);
                return registry.image(repository, tag, config, shared, own);
            } catch (RegistryException e) {
                // a blob found by HEAD was swept before the manifest came: a client pushes it again
                assertThat(e.code()).isEqualTo(ErrorCode.MANIFEST_BLOB_UNKNOWN);
                retries.incrementAndGet();
            }
        }
    }

    private Digest ensureBlob(String repository, String content) {
        Digest digest = Digest.of(DigestAlgorithm.SHA256, content.getBytes(StandardCharsets.UTF_8));
        if (registry.blobs.stat(new RepositoryName(repository), digest).isPresent()) {
            registry.remember(digest, content.length());
            return digest;
        }
        return registry.blob(repository, content);
    }

    private void assertWhole(RepositoryName repository, Tag tag) {
        StoredManifest stored = registry.manifests.get(repository, tag); // reads and verifies the manifest's content
        Manifest manifest = Manifest.parse(JsonMapper.builder().build(), stored.content(), Optional.of(stored.mediaType()));
        for (Digest blob : manifest.references()) {
            assertThat(registry.blobs.stat(repository, blob)).as(repository + ":" + tag + " needs " + blob).isPresent();
            byte[] content = registry.storage.read(RegistryLayout.blobData(blob)).orElseThrow();
            assertThat(Digest.of(blob.algorithm(), content)).isEqualTo(blob);
        }
    }
}
