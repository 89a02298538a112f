package dev.berth.it.soak;

import java.time.Duration;

/**
 * How big a soak run is, from system properties: {@code berth.soak.clients} (32),
 * {@code berth.soak.warmup} (15 s) and {@code berth.soak.duration} (1 minute; 5 minutes for the long
 * run), ISO-8601 durations such as {@code PT5M}. What each client pushes is bounded too: at most
 * {@link #MAX_LIVE_IMAGES} images alive at once, each of at most three layers of at most
 * {@link #MAX_LAYER_BYTES} bytes.
 */
public record SoakSettings(int clients, Duration warmup, Duration duration) {
    public static final int MAX_LIVE_IMAGES = 4;
    public static final int MAX_LAYER_BYTES = 256 * 1024;
    /** The chunk size of chunked pushes, so that a layer goes in several PATCH requests. */
    public static final int CHUNK_BYTES = 64 * 1024;

    public SoakSettings {
        if (clients < 1 || warmup.isNegative() || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("a soak needs clients and a positive duration: " + clients + ", " + warmup + ", " + duration);
        }
    }

    public static SoakSettings fromSystemProperties() {
        return new SoakSettings(Integer.getInteger("berth.soak.clients", 32),
                Duration.parse(System.getProperty("berth.soak.warmup", "PT15S")),
                Duration.parse(System.getProperty("berth.soak.duration", "PT1M")));
    }
}
