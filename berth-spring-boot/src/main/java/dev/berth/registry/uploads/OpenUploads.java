package dev.berth.registry.uploads;

import dev.berth.registry.repository.UploadId;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The upload sessions this process started that have not been completed or cancelled, nor left
 * idle for {@link #ABANDONED_AFTER} (a client that went away): the {@code berth.uploads.open}
 * gauge. Counted in memory, because counting upload folders in storage would cost a listing per
 * scrape (slow on IPFS); forgetting idle sessions keeps that memory bounded.
 */
final class OpenUploads {
    static final Duration ABANDONED_AFTER = Duration.ofHours(24);
    /** Idle sessions are also dropped as sessions start, every this many, in case nobody reads the count. */
    private static final int PRUNE_EVERY = 1024;

    private final Map<UploadId, Long> lastActive = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;

    OpenUploads() {
        this(System::nanoTime);
    }

    OpenUploads(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    void started(UploadId id) {
        lastActive.put(id, nanoClock.getAsLong());
        if (lastActive.size() % PRUNE_EVERY == 0) {
            pruneIdle();
        }
    }

    /** A request on the session: it is not abandoned. Sessions this process did not start stay uncounted. */
    void active(UploadId id) {
        lastActive.computeIfPresent(id, (key, before) -> nanoClock.getAsLong());
    }

    void ended(UploadId id) {
        lastActive.remove(id);
    }

    int count() {
        pruneIdle();
        return lastActive.size();
    }

    private void pruneIdle() {
        long now = nanoClock.getAsLong();
        lastActive.values().removeIf(active -> now - active > ABANDONED_AFTER.toNanos());
    }
}
