package dev.berth.registry.mirror.cache;

import dev.berth.registry.blobs.BlobStore;
import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.gc.GarbageCollector;
import dev.berth.registry.gc.GcReport;
import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.manifests.StoredManifests;
import dev.berth.registry.mirror.upstream.UpstreamProperties;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.oci.Manifest;
import dev.berth.registry.repository.StoredManifest;
import dev.berth.registry.store.RegistryStorage;
import dev.berth.registry.store.RepositoryDiscovery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;

/**
 * Keeps the mirror's cache within {@code berth.mirror.cache}: images (manifests) not pulled within
 * {@code max-idle} go, and while the blobs of the mirror's repositories add up to more than
 * {@code max-size}, blobs no cached manifest names go first, then images, least recently pulled
 * first. An image goes as a client's delete would take it (its tags with it); its blobs leave the
 * mirror's repositories once no cached image names them, and garbage collection, which runs after
 * an eviction, removes their bytes once nothing else references them (after {@code berth.gc.grace}).
 */
public final class CacheEviction {
    private static final Logger log = LoggerFactory.getLogger(CacheEviction.class);

    /**
     * What a check found and did.
     *
     * @param bytesBefore the blobs of the mirror's repositories when the check began
     * @param bytesAfter what is left in them
     * @param imagesEvicted manifests removed
     * @param blobsUnlinked blobs taken out of the mirror's repositories
     * @param collection the garbage collection that followed, when anything was evicted
     */
    public record Report(long bytesBefore, long bytesAfter, int imagesEvicted, int blobsUnlinked, Optional<GcReport> collection) {}

    private record Image(RepositoryName repository, Digest digest, List<Digest> blobs, Instant lastPulled) {}

    private final ReentrantLock running = new ReentrantLock();
    private final RegistryStorage storage;
    private final StoredManifests manifests;
    private final BlobStore blobs;
    private final PullTimes pulls;
    private final Set<String> prefixes;
    private final UpstreamProperties.Cache limits;
    private final Optional<GarbageCollector> collector;
    private final ObjectMapper json;
    private final Clock clock;

    /** @param prefixes the first components of the mirror's repositories, one per upstream */
    public CacheEviction(RegistryStorage storage, StoredManifests manifests, BlobStore blobs, PullTimes pulls, Set<String> prefixes,
                         UpstreamProperties.Cache limits, Optional<GarbageCollector> collector, ObjectMapper json, Clock clock) {
        this.storage = storage;
        this.manifests = manifests;
        this.blobs = blobs;
        this.pulls = pulls;
        this.prefixes = Set.copyOf(prefixes);
        this.limits = limits;
        this.collector = collector;
        this.json = json;
        this.clock = clock;
    }

    public Report run() {
        running.lock(); // one run at a time; a lock, not a monitor: storage on IPFS is Kubo, which must not pin a virtual thread
        try {
            return runLocked();
        } finally {
            running.unlock();
        }
    }

    private Report runLocked() {
        List<RepositoryName> repositories = RepositoryDiscovery.find(storage, Integer.MAX_VALUE).stream()
                .filter(name -> prefixes.contains(name.value().split("/", 2)[0])).toList();
        Map<Digest, Long> sizes = new HashMap<>();
        Map<Digest, List<RepositoryName>> linkedIn = new HashMap<>();
        List<Image> images = new ArrayList<>();
        for (RepositoryName repository : repositories) {
            for (Digest blob : digestsUnder(RegistryLayout.layers(repository))) {
                linkedIn.computeIfAbsent(blob, digest -> new ArrayList<>()).add(repository);
                storage.size(RegistryLayout.blobData(blob)).ifPresent(size -> sizes.put(blob, size));
            }
            for (Digest revision : digestsUnder(RegistryLayout.manifestRevisions(repository))) {
                read(repository, revision).ifPresent(manifest -> images.add(new Image(repository, revision, manifest.blobs(),
                        pulls.lastPulled(repository, revision))));
            }
        }
        Map<Digest, Integer> namedBy = new HashMap<>();
        images.forEach(image -> image.blobs().forEach(blob -> namedBy.merge(blob, 1, Integer::sum)));
        long before = sizes.values().stream().mapToLong(Long::longValue).sum();
        long total = before;
        int unlinked = 0;
        if (overBudget(total)) {
            for (Digest orphan : List.copyOf(linkedIn.keySet())) {
                if (!namedBy.containsKey(orphan)) {
                    total -= unlink(orphan, linkedIn, sizes);
                    unlinked++;
                }
            }
        }
        int evicted = 0;
        Instant idleBefore = limits.maxIdle() == null ? Instant.MIN : clock.instant().minus(limits.maxIdle());
        images.sort(Comparator.comparing(Image::lastPulled));
        for (Image image : images) {
            if (!image.lastPulled().isBefore(idleBefore) && !overBudget(total)) {
                break;
            }
            evict(image);
            evicted++;
            for (Digest blob : image.blobs()) {
                if (namedBy.merge(blob, -1, Integer::sum) == 0 && linkedIn.containsKey(blob)) {
                    total -= unlink(blob, linkedIn, sizes);
                    unlinked++;
                }
            }
        }
        Optional<GcReport> collection = evicted + unlinked > 0 ? collector.map(gc -> gc.run(false)) : Optional.empty();
        Report report = new Report(before, total, evicted, unlinked, collection);
        log.info("Mirror cache check: {} bytes in {} repositories, {} images evicted, {} blobs unlinked, {} bytes left",
                before, repositories.size(), evicted, unlinked, total);
        return report;
    }

    private boolean overBudget(long total) {
        return limits.maxSize() != null && total > limits.maxSize().toBytes();
    }

    private void evict(Image image) {
        try {
            manifests.delete(image.repository(), image.digest());
        } catch (RegistryException e) {
            if (e.code() != ErrorCode.MANIFEST_UNKNOWN) {
                throw e;
            }
        }
        pulls.forget(image.repository(), image.digest());
        log.info("Evicted {}@{} from the mirror's cache (last pulled {})", image.repository(), image.digest(), image.lastPulled());
    }

    /** Takes the blob out of every mirror repository; answers the bytes this frees from the budget. */
    private long unlink(Digest blob, Map<Digest, List<RepositoryName>> linkedIn, Map<Digest, Long> sizes) {
        for (RepositoryName repository : linkedIn.remove(blob)) {
            blobs.unlink(repository, blob);
        }
        Long size = sizes.remove(blob);
        return size == null ? 0 : size;
    }

    private Optional<Manifest> read(RepositoryName repository, Digest revision) {
        try {
            StoredManifest stored = manifests.get(repository, revision);
            return Optional.of(Manifest.parse(json, stored.content(), Optional.of(stored.mediaType())));
        } catch (RegistryException e) {
            log.warn("Mirror cache check: skipping {}@{}: {}", repository, revision, e.getMessage());
            return Optional.empty();
        }
    }

    /** The digests of a digest-keyed folder ({@code <alg>/<2 hex>/<hex>}). */
    private List<Digest> digestsUnder(String root) {
        List<Digest> result = new ArrayList<>();
        for (String algorithm : storage.list(root)) {
            for (String prefix : storage.list(algorithm)) {
                for (String hex : storage.list(prefix)) {
                    try {
                        result.add(RegistryLayout.digestAt(hex));
                    } catch (RegistryException notADigest) {
                        log.warn("Mirror cache check: ignoring {}: not a digest", hex);
                    }
                }
            }
        }
        return result;
    }

    /** Runs the check every {@code check-interval}. */
    public static final class Schedule implements AutoCloseable {
        private final ScheduledExecutorService executor =
                Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("berth-mirror-eviction").daemon().factory());

        public Schedule(CacheEviction eviction, Duration interval) {
            executor.scheduleWithFixedDelay(() -> {
                try {
                    eviction.run();
                } catch (RuntimeException e) {
                    log.error("Mirror cache check failed; the next one tries again", e);
                }
            }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            executor.shutdownNow();
        }
    }
}
