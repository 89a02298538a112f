package dev.berth.bench;

import dev.berth.it.support.Tools;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The web UI's home page listing 1,000 repositories on one page, measured black-box against the
 * standalone jar: Berth on the filesystem driver and Berth on IPFS (a new Kubo node each time), in an
 * order that alternates by round, each on fresh storage. Each pushes 1,000 small repositories over
 * HTTP, then the home page is timed: the first request, which reads what the pushes changed, and after
 * a warm-up, p50 and p99 of sequential requests.
 *
 * <p>Run with {@code ./berth bench ui [--rounds N] [--repositories N] [--jar PATH] [--out DIR]
 * [--note TEXT]}; writes {@code ui.md} and {@code ui.svg} to {@code docs/benchmarks} (a run with fewer
 * repositories to integration-tests/target/benchmarks).
 */
public final class UiBenchmark {
    /** The heap is sampled until the home page is timed, and not while. */
    static final Metric PEAK_HEAP_WHILE_PUSHING = Metric.memory("peak heap used while pushing (-Xmx256m)");

    private final UiOptions options;
    private final Path jar;
    private final Path work;
    private final Results results = new Results();
    private final HttpClient http = Http.client();

    private UiBenchmark(UiOptions options, Path jar, Path work) {
        this.options = options;
        this.jar = jar;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        UiOptions options = UiOptions.parse(args);
        Path jar = options.jar().orElseGet(SpeedBenchmark::builtJar);
        Path work = Files.createTempDirectory("berth-ui-bench-");
        RunEnvironment environment = new RunEnvironment(jar, null, List.of());
        UiBenchmark benchmark = new UiBenchmark(options, jar, work);
        List<String> orders;
        try {
            orders = benchmark.run();
        } finally {
            Tools.run(List.of("rm", "-rf", work.toString()), Tools.REPOSITORY, Duration.ofMinutes(10));
        }
        environment.finished();
        new UiReport(options, environment.started(), environment.lines(), benchmark.results, orders).write(options.out());
        if (!benchmark.results.failures().isEmpty()) {
            System.err.println(benchmark.results.failures().size() + " part(s) failed; the report lists them:");
            benchmark.results.failures().forEach(System.err::println);
            System.exit(1);
        }
    }

    /** Berth on IPFS first in odd rounds, Berth on the filesystem first in even ones. */
    static List<Side> order(int round) {
        if (round < 1) {
            throw new IllegalArgumentException("rounds are counted from 1: " + round);
        }
        return round % 2 == 1 ? List.of(Side.BERTH_IPFS, Side.BERTH_FS) : List.of(Side.BERTH_FS, Side.BERTH_IPFS);
    }

    /** Runs every round; returns the order of the sides in each. */
    private List<String> run() {
        List<String> orders = new ArrayList<>();
        for (int round = 1; round <= options.rounds(); round++) {
            List<Side> order = order(round);
            orders.add(Side.letters(order));
            for (Side side : order) {
                runSide(side, round);
            }
        }
        return orders;
    }

    private void runSide(Side side, int round) {
        String where = String.format(Locale.ROOT, "round %d, %s", round, side.label());
        System.out.println(where);
        results.check(where + ": load average at its start " + RunEnvironment.loadAverage());
        int repositories = options.repositories();
        List<String> arguments = List.of("--berth.ui.page-size=" + repositories, "--berth.ui.index-refresh=1h");
        try (SideRegistry registry = SideRegistry.start(side, jar, work,
                "bench-ui-" + side.name().toLowerCase(Locale.ROOT) + "-round-" + round, arguments)) {
            HomePageTimes.visitEmpty(http, registry.url());
            registry.phase("push");
            results.add(HomePageTimes.push(repositories), side.label(), UiRepositories.push(http, registry.url(), repositories));
            registry.pauseSampling();
            int bytes = HomePageTimes.measure(http, registry.url(), repositories, results, side.label());
            results.check(String.format(Locale.ROOT, "%s: every answer listed all %d repositories on one page (%d kB)", side.label(),
                    repositories, Math.round(bytes / 1000.0)));
            registry.peakHeapMib().ifPresent(peak -> results.add(PEAK_HEAP_WHILE_PUSHING, side.label(), peak));
        } catch (Exception | AssertionError e) {
            results.failure(where, e);
        }
    }
}
