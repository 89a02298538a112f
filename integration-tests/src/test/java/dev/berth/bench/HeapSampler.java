package dev.berth.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Samples a Berth process's heap in use (garbage included) from its actuator,
 * {@code /actuator/metrics/jvm.memory.used?tag=area:heap}, every 100 ms, and keeps the peak. Sampling
 * pauses while latencies are measured, so that it does not add requests to theirs.
 */
final class HeapSampler implements AutoCloseable {
    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI metric;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicLong peakBytes = new AtomicLong(-1);
    private final Thread thread;
    private volatile boolean paused;
    private volatile boolean stopped;
    private volatile String lastError;
    private volatile String phase = "start";
    private volatile String peakPhase = "";

    HeapSampler(URI registry) {
        this.metric = registry.resolve("/actuator/metrics/jvm.memory.used?tag=area:heap");
        this.thread = Thread.ofPlatform().daemon().name("heap-sampler").start(this::run);
    }

    /** Names what the process is doing now, so that the peak can say when it happened. */
    void phase(String name) {
        phase = name;
    }

    /** What the process was doing when its heap use was highest. */
    String peakPhase() {
        return peakPhase;
    }

    void pause() {
        paused = true;
    }

    void resume() {
        paused = false;
    }

    /** The highest heap use seen, in MiB; fails when no sample could be taken. */
    double peakMib() {
        if (peakBytes.get() < 0) {
            throw new IllegalStateException("no heap sample from " + metric + (lastError == null ? "" : ": " + lastError));
        }
        return peakBytes.get() / (double) (1 << 20);
    }

    private void run() {
        while (!stopped) {
            if (!paused) {
                sample();
            }
            try {
                Thread.sleep(INTERVAL);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        try {
            String body = Http.getText(http, metric, Duration.ofSeconds(2), 64 * 1024);
            JsonNode value = JSON.readTree(body).path("measurements").path(0).path("value");
            if (value.isNumber() && value.asLong() > peakBytes.get()) {
                peakBytes.set(value.asLong());
                peakPhase = phase;
            }
        } catch (Exception e) {
            // The process is starting or stopping, or busy: the next sample counts.
            lastError = e.toString();
        }
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
