package dev.berth.registry.gc;

import java.time.Duration;

/**
 * What one garbage collection run found and did (or, in a dry run, would have done).
 *
 * @param dryRun whether the run only reported
 * @param repositories repositories walked
 * @param manifestsKept manifest revisions kept, across repositories
 * @param manifestsSwept untagged manifest revisions removed (only with {@code delete-untagged})
 * @param blobsMarked blobs some kept manifest references
 * @param bytesMarked their size
 * @param blobsSwept unreferenced blobs removed
 * @param bytesSwept their size
 * @param blobsKeptForGrace unreferenced blobs kept: not yet unreferenced for the grace period, or used during the run
 * @param bytesKeptForGrace their size
 * @param layerLinksRemoved repositories' links to removed blobs
 * @param uploadsExpired abandoned uploads removed
 * @param duration how long the run took
 */
public record GcReport(boolean dryRun, long repositories, long manifestsKept, long manifestsSwept,
                       long blobsMarked, long bytesMarked, long blobsSwept, long bytesSwept,
                       long blobsKeptForGrace, long bytesKeptForGrace, long layerLinksRemoved, long uploadsExpired,
                       Duration duration) {

    /** One line for the log. */
    public String summary() {
        return "%s: %d repositories, %d manifests kept, %d swept; blobs %d marked (%d bytes), %d swept (%d bytes), "
                .formatted(dryRun ? "dry run" : "run", repositories, manifestsKept, manifestsSwept, blobsMarked, bytesMarked,
                        blobsSwept, bytesSwept)
                + "%d kept for grace (%d bytes); %d layer links removed, %d uploads expired, in %d ms"
                .formatted(blobsKeptForGrace, bytesKeptForGrace, layerLinksRemoved, uploadsExpired, duration.toMillis());
    }
}
