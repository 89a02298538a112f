package dev.berth.registry.encryption.config;

import dev.berth.registry.encryption.store.PrivateGarbageCollector;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Collects the private tree's garbage every {@code berth.gc.interval}, as the public collector's schedule does. */
final class PrivateGcSchedule implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PrivateGcSchedule.class);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("berth-private-gc").daemon().factory());

    PrivateGcSchedule(PrivateGarbageCollector collector) {
        long interval = collector.properties().interval().toMillis();
        executor.scheduleWithFixedDelay(() -> {
            try {
                collector.run(collector.properties().dryRun());
            } catch (RuntimeException e) {
                log.error("Scheduled garbage collection of private repositories failed", e);
            }
        }, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
