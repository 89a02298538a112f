package dev.berth.registry.gc;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code berth.gc.*}: garbage collection of content no manifest references.
 *
 * @param enabled run on a schedule (the actuator endpoint {@code gc} works either way)
 * @param interval the time between the end of one scheduled run and the start of the next
 * @param grace how long a blob must stay unreferenced, across runs, before a run removes it; pushes
 *     that take longer than this between uploading a blob and pushing its manifest may fail
 * @param dryRun scheduled runs only report what they would remove
 * @param deleteUntagged also remove manifests no tag reaches (directly, as an index's child or as a
 *     referrer of a kept manifest), and what only they referenced
 * @param uploadExpiry uploads started longer ago than this are abandoned and removed
 */
@ConfigurationProperties("berth.gc")
public record GcProperties(boolean enabled, @DefaultValue("24h") Duration interval, @DefaultValue("1h") Duration grace,
                           boolean dryRun, boolean deleteUntagged, @DefaultValue("24h") Duration uploadExpiry) {

    public GcProperties {
        requirePositive("berth.gc.interval", interval);
        if (grace.isNegative()) {
            throw new IllegalArgumentException("berth.gc.grace cannot be negative: " + grace);
        }
        requirePositive("berth.gc.upload-expiry", uploadExpiry);
    }

    /** The defaults, as a registry without any berth.gc property gets them. */
    public static GcProperties defaults() {
        return new GcProperties(false, Duration.ofHours(24), Duration.ofHours(1), false, false, Duration.ofHours(24));
    }

    public GcProperties withGrace(Duration newGrace) {
        return new GcProperties(enabled, interval, newGrace, dryRun, deleteUntagged, uploadExpiry);
    }

    public GcProperties withDeleteUntagged(boolean newDeleteUntagged) {
        return new GcProperties(enabled, interval, grace, dryRun, newDeleteUntagged, uploadExpiry);
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
