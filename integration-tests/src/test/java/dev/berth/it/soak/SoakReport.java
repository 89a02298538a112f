package dev.berth.it.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The soak's outcome: per operation its count, throughput, p50 and p99 and errors; the resources
 * after warm-up and at the end, each with the limit "the same" allows. Limits leave room for what
 * legitimately grows with a registry's content (the heap holds more names) or with the load (the
 * connection pool to Kubo fills up to its bound), but not for what grows with the number of requests:
 * heap after GC at most 25 % + 32 MiB more, at most 10 more threads, 20 more descriptors in the
 * JVM and 32 more in Kubo (connections between them aside), connections to Kubo within the pool,
 * and the same Kubo peers.
 */
public final class SoakReport {
    private static final long MIB = 1024 * 1024;
    /**
     * The registry's Kubo client keeps up to this many connections to Kubo's API open for reuse
     * (KuboClient's default maxConnections): within it, more connections at the end mean a pool
     * grown to the load, not a leak.
     */
    private static final long KUBO_CONNECTION_POOL = 32;

    /** One resource compared: the end must not exceed {@code limit}. */
    public record Comparison(String resource, long afterWarmup, long atEnd, long limit) {
        public boolean holds() {
            return atEnd <= limit;
        }
    }

    private final SoakSettings settings;
    private final Recorder warmup;
    private final Recorder measured;
    private final List<Comparison> comparisons;

    SoakReport(SoakSettings settings, Recorder warmup, Recorder measured, ResourceSample before, ResourceSample after) {
        this.settings = settings;
        this.warmup = warmup;
        this.measured = measured;
        this.comparisons = List.of(
                compare("heap used after a full GC (MiB)", before, after, ResourceSample::heapAfterGcBytes, v -> v + v / 4 + 32 * MIB, MIB),
                compare("live platform threads", before, after, ResourceSample::liveThreads, v -> v + 10, 1),
                compare("open file descriptors (JVM), apart from connections to Kubo", before, after,
                        sample -> sample.openFiles() - sample.connectionsToKubo(), v -> v + 20, 1),
                compare("TCP connections JVM → Kubo API", before, after, ResourceSample::connectionsToKubo,
                        v -> Math.max(v + 8, KUBO_CONNECTION_POOL), 1),
                compare("Kubo swarm peers", before, after, ResourceSample::kuboPeers, v -> v, 1),
                compare("open file descriptors (Kubo), apart from the registry's connections", before, after,
                        sample -> sample.kuboOpenFiles() - sample.connectionsToKubo(), v -> v + 32, 1));
    }

    private static Comparison compare(String resource, ResourceSample before, ResourceSample after, ToLongFunction<ResourceSample> value,
                                      java.util.function.LongUnaryOperator limit, long unit) {
        long warm = value.applyAsLong(before);
        return new Comparison(resource, warm / unit, value.applyAsLong(after) / unit, limit.applyAsLong(warm) / unit);
    }

    public List<Comparison> comparisons() {
        return comparisons;
    }

    public long errors() {
        return warmup.totalErrors() + measured.totalErrors();
    }

    /** Operations that never succeeded in the measured phase. */
    public List<Operation> idleOperations() {
        List<Operation> idle = new ArrayList<>();
        for (Operation operation : Operation.values()) {
            if (measured.latencies(operation).length == 0) {
                idle.add(operation);
            }
        }
        return idle;
    }

    public List<String> firstErrors() {
        List<String> all = new ArrayList<>(warmup.firstErrors());
        all.addAll(measured.firstErrors());
        return all;
    }

    public String render() {
        Duration length = settings.duration();
        StringBuilder text = new StringBuilder("# Soak: ").append(settings.clients()).append(" clients for ").append(length.toSeconds())
                .append(" s on IPFS (after a ").append(settings.warmup().toSeconds()).append(" s warm-up)\n\n")
                .append("| operation | count | per second | p50 ms | p99 ms | errors |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
        long total = 0;
        for (Operation operation : Operation.values()) {
            long[] latencies = measured.latencies(operation);
            total += latencies.length;
            text.append(String.format("| %s | %d | %.1f | %s | %s | %d |%n", operation.name().toLowerCase().replace('_', ' '), latencies.length,
                    latencies.length / (double) length.toSeconds(), millis(latencies, 50), millis(latencies, 99), measured.errors(operation)));
        }
        text.append(String.format("| all | %d | %.1f | | | %d |%n", total, total / (double) length.toSeconds(), measured.totalErrors()))
                .append("\nErrors during warm-up: ").append(warmup.totalErrors()).append('\n')
                .append("\n| resource | after warm-up | at end | limit | holds |\n| --- | ---: | ---: | ---: | --- |\n");
        comparisons.forEach(c -> text.append(String.format("| %s | %d | %d | %d | %s |%n", c.resource(), c.afterWarmup(), c.atEnd(), c.limit(),
                c.holds() ? "yes" : "NO")));
        List<String> errors = firstErrors();
        if (!errors.isEmpty()) {
            text.append("\nFirst errors:\n");
            errors.forEach(e -> text.append("- ").append(e).append('\n'));
        }
        return text.toString();
    }

    public void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, render());
    }

    /** The nearest-rank percentile, in milliseconds. */
    private static String millis(long[] sorted, int percentile) {
        if (sorted.length == 0) {
            return "-";
        }
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return String.format("%.1f", sorted[Math.max(0, rank - 1)] / 1e6);
    }
}
