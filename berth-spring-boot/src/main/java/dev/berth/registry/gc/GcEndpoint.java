package dev.berth.registry.gc;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * Actuator endpoint {@code gc}: a write operation (POST {@code /actuator/gc}, optionally with
 * {@code {"dryRun": true}}) runs garbage collection once and returns its report. Not exposed over
 * the web unless the application adds it to {@code management.endpoints.web.exposure.include}.
 */
@Endpoint(id = "gc")
public class GcEndpoint {
    private final GarbageCollector collector;

    public GcEndpoint(GarbageCollector collector) {
        this.collector = collector;
    }

    /** Runs now; without {@code dryRun}, as {@code berth.gc.dry-run} says. */
    @WriteOperation
    public GcReport run(@Nullable Boolean dryRun) {
        return collector.run(dryRun != null ? dryRun : collector.properties().dryRun());
    }
}
