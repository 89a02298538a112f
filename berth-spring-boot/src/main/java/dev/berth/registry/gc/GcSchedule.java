package dev.berth.registry.gc;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs garbage collection every {@code berth.gc.interval}, the first time one interval after start. */
public final class GcSchedule implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GcSchedule.class);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "berth-gc");
        thread.setDaemon(true);
        return thread;
    });

    public GcSchedule(GarbageCollector collector) {
        long interval = collector.properties().interval().toMillis();
        executor.scheduleWithFixedDelay(() -> {
            try {
                collector.run(collector.properties().dryRun());
            } catch (RuntimeException e) {
                // the next run tries again; a failed run removed nothing it should not have
                log.error("Scheduled garbage collection failed", e);
            }
        }, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
