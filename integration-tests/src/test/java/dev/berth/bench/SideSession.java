package dev.berth.bench;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/** One side's registry during one round, and which images it already holds. */
final class SideSession {
    private final SideRegistry registry;
    private final BenchContext context;
    private final Set<String> pushed = new HashSet<>();
    private final int round;

    SideSession(SideRegistry registry, BenchContext context, int round) {
        this.registry = registry;
        this.context = context;
        this.round = round;
    }

    SideRegistry registry() {
        return registry;
    }

    Side side() {
        return registry.side();
    }

    BenchContext context() {
        return context;
    }

    int round() {
        return round;
    }

    /** Where crane pushes an image: {@code <host>/bench/<name>:latest}. */
    String reference(BenchImage image) {
        return registry.host() + "/" + repository(image) + ":latest";
    }

    String repository(BenchImage image) {
        return "bench/" + image.name();
    }

    /** A new folder to pull into. */
    Path pullFolder(String name) {
        return context.work().resolve("pulled-" + name + "-" + System.nanoTime());
    }

    void record(Metric metric, double value) {
        context.results().add(metric, side().label(), value);
    }

    void markPushed(BenchImage image) {
        pushed.add(image.name());
    }

    /**
     * Pushes and pulls a small image, untimed, so that the registry process's code is compiled
     * (the JIT) before anything is timed: a registry in use has long been warm.
     */
    void warmUp() {
        BenchImage image = context.images().warmUp();
        ensurePushed(image);
        Crane.pull(reference(image), pullFolder(image.name()));
    }

    /** Pushes an image with crane, untimed, unless a scenario of this round already did. */
    void ensurePushed(BenchImage image) {
        if (pushed.add(image.name())) {
            Crane.push(image.layout(), reference(image));
        }
    }
}
