package dev.berth.bench;

import dev.berth.it.support.DockerDaemon;
import dev.berth.it.support.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The speed targets of Berth on IPFS, measured black-box against any build of the standalone jar:
 * Berth on IPFS (a new Kubo node per round), Berth on the filesystem driver and CNCF distribution
 * v3.1.1 on its filesystem, side by side in every round, in an order that changes each round; crane
 * and docker pushes and pulls, concurrent pushes, manifest HEAD and 1-byte Range latency; for Berth
 * on IPFS also a monolithic push against {@code ipfs add}, a cold cross-node pull against a local one
 * and the Kubo calls per blob and per manifest; the peak memory of every registry process.
 *
 * <p>Run with {@code ./berth bench speed [--rounds N] [--quick] [--only SCENARIO,...] [--jar PATH]
 * [--out DIR] [--note TEXT]}; writes {@code speed.md}, {@code speed.svg} and {@code speed-times.svg}
 * to {@code docs/benchmarks} (a {@code --quick} run to integration-tests/target/benchmarks).
 */
public final class SpeedBenchmark {
    private final SpeedOptions options;
    private final BenchContext context;
    private final List<Scenario> scenarios;
    private final Map<Side, List<String>> heapPeaks = new EnumMap<>(Side.class);

    private SpeedBenchmark(SpeedOptions options, BenchContext context) {
        this.options = options;
        this.context = context;
        Workload workload = context.workload();
        BenchImages images = context.images();
        // The order within a side: Kubo calls on a registry that holds little, the monolithic push last.
        this.scenarios = List.<Scenario>of(
                new KuboCalls(),
                new CranePushPull("crane-big", workload.bigImage(), images::big),
                new CranePushPull("crane-small", workload.smallImage(), images::small),
                new ConcurrentPushes(workload, images),
                new ManifestHeads(workload, images),
                new RangeReads(workload, images),
                new DockerPushPull("docker-big", workload.bigImage(), images::big),
                new DockerPushPull("docker-small", workload.dockerSmallImage(), images::dockerSmall),
                new MonolithicPush(workload, images)).stream().filter(scenario -> options.selected(scenario.id())).toList();
    }

    public static void main(String[] args) throws Exception {
        SpeedOptions options = SpeedOptions.parse(args);
        Path jar = options.jar().orElseGet(SpeedBenchmark::builtJar);
        Path work = Files.createTempDirectory("berth-speed-");
        boolean docker = options.selected("docker-big") || options.selected("docker-small");
        Results results = new Results();
        try (DockerDaemon dockerd = docker ? DockerDaemon.start("bench-speed-dockerd") : null) {
            BenchContext context = new BenchContext(options.workload(), work, jar, new BenchImages(work, options.workload()),
                    dockerd, results, Http.client());
            RunEnvironment environment = new RunEnvironment(jar, dockerd);
            List<String> orders = new SpeedBenchmark(options, context).run();
            environment.finished();
            new SpeedReport(options, environment.started(), environment.lines(), results, orders,
                    Tools.REPOSITORY.resolve("docs/benchmarks")).write(options.out());
        } finally {
            Tools.run(List.of("rm", "-rf", work.toString()), Tools.REPOSITORY, Duration.ofMinutes(10));
        }
        if (!results.failures().isEmpty()) {
            System.err.println(results.failures().size() + " scenario(s) failed; the report lists them:");
            results.failures().forEach(System.err::println);
            System.exit(1);
        }
    }

    /** Runs every round; returns the order of the sides in each. */
    private List<String> run() throws Exception {
        prepareImages();
        List<String> orders = new ArrayList<>();
        for (int round = 1; round <= options.rounds(); round++) {
            List<Side> order = Side.order(round);
            orders.add(Side.letters(order));
            for (Side side : order) {
                if (scenarios.stream().anyMatch(scenario -> scenario.runsOn(side))) {
                    runSide(side, round);
                }
            }
            if (options.selected(CrossNodePull.ID)) {
                System.out.printf("round %d, cross-node pull%n", round);
                try {
                    new CrossNodePull(context).run(round);
                } catch (Exception | AssertionError e) {
                    context.results().failure("round " + round + ", " + CrossNodePull.ID, e);
                }
            }
        }
        heapPeaks.forEach((side, phases) -> context.results().check(side.label() + ": the heap peaked during "
                + String.join(", ", phases)));
        return orders;
    }

    private void runSide(Side side, int round) throws Exception {
        System.out.printf(Locale.ROOT, "round %d, %s%n", round, side.label());
        SideRegistry registry;
        try {
            registry = SideRegistry.start(side, context.jar(), context.work(),
                    "bench-speed-" + side.name().toLowerCase(Locale.ROOT) + "-round-" + round);
        } catch (Exception | AssertionError e) {
            context.results().failure("round " + round + ", " + side.label() + ", start", e);
            return;
        }
        try {
            SideSession session = new SideSession(registry, context, round);
            registry.phase("warm-up");
            session.warmUp();
            for (Scenario scenario : scenarios) {
                if (scenario.runsOn(side)) {
                    System.out.printf("round %d, %s: %s%n", round, side.label(), scenario.id());
                    registry.phase(scenario.id());
                    try {
                        scenario.run(session);
                    } catch (Exception | AssertionError e) {
                        context.results().failure("round " + round + ", " + side.label() + ", " + scenario.id(), e);
                    }
                }
            }
            registry.peakHeapMib().ifPresent(peak -> {
                context.results().add(Metric.PEAK_HEAP, side.label(), peak);
                heapPeaks.computeIfAbsent(side, s -> new ArrayList<>()).add(registry.peakHeapPhase() + " (round " + round + ")");
            });
        } finally {
            registry.close();
        }
        context.results().add(Metric.PEAK_RSS, side.label(), registry.peakRssMib());
    }

    /** Writes the images the selected scenarios use before any registry starts, so no side waits on them. */
    private void prepareImages() {
        BenchImages images = context.images();
        images.warmUp();
        if (options.selected("crane-big") || options.selected("range") || options.selected("docker-big")) {
            images.big();
        }
        if (options.selected("crane-small") || options.selected("head")) {
            images.small();
        }
        if (options.selected("concurrent")) {
            images.concurrent();
        }
        if (options.selected(CrossNodePull.ID)) {
            images.crossNode();
        }
        if (options.selected("monolithic")) {
            images.monolithic();
        }
        if (options.selected("docker-big")) {
            images.big().dockerArchive();
        }
        if (options.selected("docker-small")) {
            images.dockerSmall().dockerArchive();
        }
    }

    /** The standalone jar that the build made, as users run it. */
    static Path builtJar() {
        Path target = Tools.REPOSITORY.resolve("registry-app/target");
        try (var jars = Files.list(target)) {
            return jars.filter(jar -> jar.getFileName().toString().matches("registry-app-.*\\.jar"))
                    .filter(jar -> !jar.getFileName().toString().endsWith("-plain.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no registry-app jar in " + target + "; build it first"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + target, e);
        }
    }
}
