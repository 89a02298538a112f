package dev.berth.storage.ipfs.kubo;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Timer {@code berth.kubo.requests} tagged {@code command} (such as {@code files/stat}, a fixed set)
 * and {@code outcome}: {@code success}, {@code error} (Kubo answered with an error) or
 * {@code unavailable} (no connection, a timeout, a dropped reply). A streamed reply is recorded once,
 * when it ends, with the time Kubo took to start answering and the outcome of the whole stream.
 */
final class RpcMetrics {
    static final String NAME = "berth.kubo.requests";

    enum Outcome {
        SUCCESS, ERROR, UNAVAILABLE;

        static Outcome of(Throwable failure) {
            return failure instanceof KuboUnavailableException ? UNAVAILABLE : ERROR;
        }

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry meters;

    RpcMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    long now() {
        return meters.config().clock().monotonicTime();
    }

    void record(String command, Outcome outcome, long startedAt, long endedAt) {
        Timer.builder(NAME)
                .description("Calls to Kubo's RPC API")
                .tag("command", command)
                .tag("outcome", outcome.tag())
                .register(meters)
                .record(endedAt - startedAt, TimeUnit.NANOSECONDS);
    }
}
