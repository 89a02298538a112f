package dev.berth.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Writes the UI benchmark's results as {@code ui.md} (how it was measured, the machine, a table) and {@code ui.svg}. */
final class UiReport {
    static final List<Side> SIDES = List.of(Side.BERTH_IPFS, Side.BERTH_FS);

    private final UiOptions options;
    private final String started;
    private final List<String> environment;
    private final Results results;
    private final List<String> orders;

    /**
     * @param environment the machine, versions and load, one line each
     * @param orders the order of the sides in each round, such as "AB"
     */
    UiReport(UiOptions options, String started, List<String> environment, Results results, List<String> orders) {
        this.options = options;
        this.started = started;
        this.environment = List.copyOf(environment);
        this.results = results;
        this.orders = List.copyOf(orders);
    }

    void write(Path out) throws IOException {
        Files.createDirectories(out);
        int n = options.repositories();
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
                "# The home page of %d repositories: Berth on IPFS and on the filesystem%n%n", n));
        if (!options.note().isBlank()) {
            md.append("**").append(options.note().strip()).append("**\n\n");
        }
        md.append(String.format(Locale.ROOT, """
                Measured %s, %d round(s); the order in each round: %s (A: %s; B: %s). A figure is the
                median over the rounds, the minimum and maximum in brackets.

                """, started, options.rounds(), String.join(", ", orders), Side.BERTH_IPFS.label(), Side.BERTH_FS.label()));
        environment.forEach(line -> md.append("- ").append(line).append('\n'));
        md.append("\nReproduce: `").append(options.command()).append("`.\n\n");
        method(md, n);
        if (!results.failures().isEmpty()) {
            md.append("## Failures\n\nThese failed; their figures are missing from the medians below.\n\n");
            results.failures().forEach(failure -> md.append("- ").append(failure).append('\n'));
            md.append('\n');
        }
        table(md);
        if (!results.checks().isEmpty()) {
            md.append("## Checks made along the way\n\n");
            results.checks().forEach(check -> md.append("- ").append(check).append('\n'));
            md.append('\n');
        }
        Files.writeString(out.resolve("ui.md"), md.toString());
        Files.writeString(out.resolve("ui.svg"), chart().svg());
        System.out.print(md);
    }

    private static void method(StringBuilder md, int n) {
        md.append(String.format(Locale.ROOT, """
                ## How it is measured

                - Every round starts the standalone jar (`-Xmx256m`) twice, each time on fresh storage: on the
                  IPFS driver over a new Kubo node of its own, and on the filesystem driver in a new folder. The
                  order alternates from round to round, so that neither always meets the warmer or busier machine.
                - Both run with `--berth.ui.page-size=%1$d --berth.ui.index-refresh=1h`. The hour keeps the
                  background re-read of the whole list (which the default `1m` starts once the list is older than
                  that, and pushing takes longer than a minute on IPFS) out of the timed requests on both sides.
                - Push: %1$d repositories `ui/r0000`, `ui/r0001`, ..., one image each (a layer of a few bytes, its
                  config, a manifest tagged `v1`; the blobs by monolithic `POST .../blobs/uploads/?digest=`), %2$d
                  clients at once over loopback HTTP/1.1; the time until the last push is done.
                - First request: `GET /` right after the pushes. The UI read its list (empty) at start, and each
                  push told it that its repository changed, so this request reads the tags and push times of the
                  %1$d repositories through the storage before it renders the page. The empty home page was asked
                  for once before the pushes, untimed, so that this time does not include parsing the template;
                  the code that renders the rows is still cold.
                - Then %3$d untimed requests (the JIT compiles the rendering, as in a registry that has served a
                  while), then %4$d timed ones one after the other: p50 and p99, nearest rank. Times are taken at
                  the client, from sending the request to the last byte of the page.
                - On IPFS the home page also shows the published root CID, as it is when asked (one `files/stat`),
                  without waiting for the trees derived from the pushes (the gateway view, built in the
                  background) to catch up; that background work still shares the machine with the requests.
                - Every answer must be 200 and list all %1$d repositories on one page (the first and the last by
                  their links, no next page); the heap sampler that watches Berth is paused from the first request on.

                """, n, UiRepositories.PUSHERS, HomePageTimes.WARM_UP, HomePageTimes.TIMED));
    }

    private void table(StringBuilder md) {
        List<Metric> metrics = new ArrayList<>(results.metrics(Metric.Table.SIDES));
        metrics.addAll(results.metrics(Metric.Table.MEMORY));
        if (metrics.isEmpty()) {
            return;
        }
        md.append("## Figures\n\n| figure | ").append(Side.BERTH_IPFS.label()).append(" | ").append(Side.BERTH_FS.label()).append(" |\n");
        md.append("| --- | ---: | ---: |\n");
        for (Metric metric : metrics) {
            md.append("| ").append(metric.label()).append(" (").append(metric.unit()).append(") | ")
                    .append(cell(metric, Side.BERTH_IPFS)).append(" | ").append(cell(metric, Side.BERTH_FS)).append(" |\n");
        }
        md.append("\n![home page times](ui.svg)\n\n");
    }

    /** The median of each time in milliseconds, both sides side by side. */
    BarChart chart() {
        BarChart chart = new BarChart("Home page of " + options.repositories() + " repositories, median (lower is better)", "ms",
                SIDES.stream().map(Side::label).toList()).valueFormat("%.1f");
        for (Metric metric : results.metrics(Metric.Table.SIDES)) {
            List<Optional<Stats>> stats = SIDES.stream().map(side -> results.stats(metric, side.label())).toList();
            if (metric.unit().equals("ms") && stats.stream().allMatch(Optional::isPresent)) {
                chart.group(metric.label().replaceFirst("^home page of \\d+ repositories, ", ""),
                        stats.stream().map(s -> s.orElseThrow().median()).toList());
            }
        }
        return chart;
    }

    private String cell(Metric metric, Side side) {
        return results.stats(metric, side.label()).map(stats -> stats.count() == 1 ? SpeedReport.number(metric, stats.median())
                : SpeedReport.number(metric, stats.median()) + " (" + SpeedReport.number(metric, stats.min()) + "–"
                        + SpeedReport.number(metric, stats.max()) + ")")
                .orElse("–");
    }
}
