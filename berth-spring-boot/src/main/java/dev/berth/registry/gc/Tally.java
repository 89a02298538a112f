package dev.berth.registry.gc;

import java.time.Duration;
import org.slf4j.Logger;

/** The counts of a run in progress, logged every few seconds so that a long run shows it is moving. */
final class Tally {
    private final Logger log;
    private final long logEveryNanos;
    private long nextLogAt;
    private String phase = "starting";

    long repositories;
    long manifestsKept;
    long manifestsSwept;
    long blobsMarked;
    long bytesMarked;
    long blobsSwept;
    long bytesSwept;
    long blobsKeptForGrace;
    long bytesKeptForGrace;
    long layerLinksRemoved;
    long uploadsExpired;

    Tally(Logger log, Duration logEvery) {
        this.log = log;
        this.logEveryNanos = logEvery.toNanos();
        this.nextLogAt = System.nanoTime() + logEveryNanos;
    }

    void phase(String name) {
        phase = name;
    }

    /** Logs the counts so far when the last log is a few seconds old; cheap to call per item. */
    void tick() {
        long now = System.nanoTime();
        if (now - nextLogAt >= 0) {
            nextLogAt = now + logEveryNanos;
            log.info("Garbage collection {}: {} repositories, {} manifests kept, {} swept, {} blobs marked, {} swept, "
                    + "{} kept for grace, {} uploads expired so far", phase, repositories, manifestsKept, manifestsSwept,
                    blobsMarked, blobsSwept, blobsKeptForGrace, uploadsExpired);
        }
    }

    GcReport report(boolean dryRun, Duration duration) {
        return new GcReport(dryRun, repositories, manifestsKept, manifestsSwept, blobsMarked, bytesMarked, blobsSwept,
                bytesSwept, blobsKeptForGrace, bytesKeptForGrace, layerLinksRemoved, uploadsExpired, duration);
    }
}
