package dev.berth.registry.mirror.cache;

import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.RepositoryName;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The blob fetches in progress, one per repository and digest: a request for a blob being fetched
 * joins that fetch instead of starting another, so concurrent misses reach the source once.
 */
public final class BlobFlights {
    private record Key(RepositoryName repository, Digest digest) {}

    private final CacheWriter writer;
    private final Path spoolDir;
    private final Map<Key, BlobFlight> flights = new ConcurrentHashMap<>();

    /** @param spoolDir where fetches spool blobs for their clients while they run (deleted after) */
    public BlobFlights(CacheWriter writer, Path spoolDir) {
        this.writer = writer;
        this.spoolDir = spoolDir;
    }

    /** The fetch of the blob into the repository in progress, or a new one from {@code source}, started now. */
    public BlobFlight join(RepositoryName repository, Digest digest, BlobSource source) {
        Key key = new Key(repository, digest);
        BlobFlight[] started = new BlobFlight[1];
        BlobFlight flight = flights.computeIfAbsent(key, k -> {
            started[0] = new BlobFlight(repository, digest, source, writer, spoolDir, () -> flights.remove(k, started[0]));
            return started[0];
        });
        if (flight == started[0]) {
            Thread.ofVirtual().name("berth-mirror-fetch-" + digest.hex().substring(0, 12)).start(flight::run);
        }
        return flight;
    }

    /** The fetch of the blob into the repository, while it runs (its storing included). */
    public Optional<BlobFlight> current(RepositoryName repository, Digest digest) {
        return Optional.ofNullable(flights.get(new Key(repository, digest)));
    }

    /** The fetches in progress. */
    public int inProgress() {
        return flights.size();
    }
}
