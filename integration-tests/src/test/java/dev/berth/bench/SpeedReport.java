package dev.berth.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Writes the speed benchmark's results as {@code speed.md}, {@code speed.svg} (ratios) and {@code speed-times.svg}. */
final class SpeedReport {
    private static final String IPFS = Side.BERTH_IPFS.label();
    private static final String FS = Side.BERTH_FS.label();
    private static final String DISTRIBUTION = Side.DISTRIBUTION.label();

    private final SpeedOptions options;
    private final String started;
    private final List<String> environment;
    private final Results results;
    private final List<String> orders;
    private final Path previousFigures;

    /**
     * @param environment the machine, versions and load, one line each
     * @param orders the order of the sides in each round, such as "ABC"
     * @param previousFigures the folder holding the earlier benchmarks' registry.md and remote-pull.md
     */
    SpeedReport(SpeedOptions options, String started, List<String> environment, Results results, List<String> orders,
            Path previousFigures) {
        this.options = options;
        this.started = started;
        this.environment = List.copyOf(environment);
        this.results = results;
        this.orders = List.copyOf(orders);
        this.previousFigures = previousFigures;
    }

    void write(Path out) throws IOException {
        Files.createDirectories(out);
        StringBuilder md = new StringBuilder("# Speed: Berth on IPFS, Berth on the filesystem, CNCF distribution\n\n");
        if (!options.note().isBlank()) {
            md.append("**").append(options.note().strip()).append("**\n\n");
        }
        md.append(String.format(Locale.ROOT, """
                Measured %s%s, %d round(s); the sides' order in each round: %s (A: %s; B: %s; C: %s).
                Every side of every round starts on fresh storage (a new Kubo node, a new folder), and every
                client talks to it over loopback. A figure is the median over the rounds, the minimum and
                maximum in brackets. A speed ratio is the other's time divided by Berth's: above 1, Berth is faster.

                """, started, options.quick() ? " with `--quick` (small sizes, to check the harness)" : "",
                options.rounds(), String.join(", ", orders), IPFS, FS, DISTRIBUTION));
        environment.forEach(line -> md.append("- ").append(line).append('\n'));
        md.append("\nReproduce: `").append(options.command()).append("`.\n\n");
        if (!results.failures().isEmpty()) {
            md.append("## Failures\n\nThese scenarios failed; their figures are missing from the medians below.\n\n");
            results.failures().forEach(failure -> md.append("- ").append(failure).append('\n'));
            md.append('\n');
        }
        method(md);
        sides(md);
        againstKubo(md);
        kuboCalls(md);
        memory(md);
        if (!results.checks().isEmpty()) {
            md.append("## Checks made along the way\n\n");
            results.checks().forEach(check -> md.append("- ").append(check).append('\n'));
            md.append('\n');
        }
        md.append(new PreviousFigures(previousFigures, results, options.workload()).section());
        Files.writeString(out.resolve("speed.md"), md.toString());
        Files.writeString(out.resolve("speed.svg"), ratioChart().svg());
        Files.writeString(out.resolve("speed-times.svg"), timeChart().svg());
        System.out.print(md);
    }

    private static void method(StringBuilder md) {
        md.append("""
                <details><summary>How each figure is measured</summary>

                - Images are OCI layouts written beforehand: layers of random bytes (incompressible), each an
                  uncompressed tar of one file. Each side first pushes and pulls a small image, untimed, so that
                  Berth's code is compiled before anything is timed.
                - crane: `crane push <layout> <reference>`; `crane pull --format=oci` into an empty folder.
                - Concurrent pushes: that many `crane push` processes at once, each of a different image; the time
                  until the last ends.
                - docker: one throw-away dockerd (overlay2) for the run. The image is `docker load`ed from a Docker
                  archive before the push is timed; every image is removed from dockerd before the pull is timed.
                  dockerd gzips each layer as it pushes, and that is in the push time. dockerd's layer store refuses
                  images of more than 125 layers, so docker's many-layer image has at most 100.
                - Manifest HEAD: sequential HEADs of one manifest by tag, after 200 untimed ones; each must carry
                  the manifest's digest.
                - Range: 1-byte `Range` GETs of the large layer at random offsets (the same ones on every side),
                  after 3 untimed ones; each answer must be 206 with the right byte. As many as the workload asks or
                  as fit in 60 s, at least 10.
                - Against Kubo: `ipfs add -Q --pin=false --cid-version=1 --raw-leaves` of a blob on Berth's own Kubo
                  node, then `ipfs repo gc`, then one `POST /v2/<name>/blobs/uploads/?digest=` of the same bytes
                  to Berth. The cross-node pull runs on two new Berth jars on new Kubo nodes, B knowing A only as a
                  peer; which pull goes first alternates by round.

                </details>

                """);
    }

    private void sides(StringBuilder md) {
        List<Metric> metrics = results.metrics(Metric.Table.SIDES);
        if (metrics.isEmpty()) {
            return;
        }
        md.append("## Push, pull and latency\n\n");
        md.append("| scenario | ").append(IPFS).append(" | ").append(FS).append(" | ").append(DISTRIBUTION)
                .append(" | speed ratio, IPFS / distribution | speed ratio, filesystem / distribution |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (Metric metric : metrics) {
            md.append("| ").append(metric.label()).append(" (").append(metric.unit()).append(") | ")
                    .append(cell(metric, IPFS)).append(" | ").append(cell(metric, FS)).append(" | ").append(cell(metric, DISTRIBUTION))
                    .append(" | ").append(ratio(metric, DISTRIBUTION, IPFS)).append(" | ").append(ratio(metric, DISTRIBUTION, FS))
                    .append(" |\n");
        }
        md.append("\n![speed ratios against distribution](speed.svg)\n\n![times](speed-times.svg)\n\n");
    }

    private void againstKubo(StringBuilder md) {
        List<Metric> metrics = results.metrics(Metric.Table.AGAINST_KUBO);
        if (metrics.isEmpty()) {
            return;
        }
        md.append("## Berth on IPFS against Kubo\n\n| measurement | Berth | time (s) | reference | time (s) | speed ratio, reference / Berth |\n");
        md.append("| --- | --- | ---: | --- | ---: | ---: |\n");
        for (Metric metric : metrics) {
            for (String berth : results.contenders(metric)) {
                if (!berth.equals(metric.reference())) {
                    md.append("| ").append(metric.label()).append(" | ").append(berth).append(" | ").append(cell(metric, berth))
                            .append(" | ").append(metric.reference()).append(" | ").append(cell(metric, metric.reference()))
                            .append(" | ").append(ratio(metric, metric.reference(), berth)).append(" |\n");
                }
            }
        }
        md.append('\n');
    }

    private void kuboCalls(StringBuilder md) {
        List<Metric> metrics = results.metrics(Metric.Table.KUBO_CALLS);
        if (metrics.isEmpty()) {
            return;
        }
        md.append("## Kubo RPC calls per blob and per manifest\n\n");
        md.append("Counted from `berth_kubo_requests_seconds_count` (`/actuator/prometheus`, every outcome) before and after\n"
                + "one operation on a repository that already holds a blob, once per round.\n\n");
        md.append("| operation | Kubo calls | by command (median) |\n| --- | ---: | --- |\n");
        for (Metric metric : metrics) {
            String byCommand = results.contenders(metric).stream().filter(command -> !command.equals("total"))
                    .map(command -> command + " " + number(metric, results.stats(metric, command).orElseThrow().median()))
                    .collect(Collectors.joining(", "));
            md.append("| ").append(metric.label()).append(" | ").append(cell(metric, "total")).append(" | ").append(byCommand).append(" |\n");
        }
        md.append('\n');
    }

    private void memory(StringBuilder md) {
        List<Metric> metrics = results.metrics(Metric.Table.MEMORY);
        if (metrics.isEmpty()) {
            return;
        }
        md.append("## Memory\n\n");
        md.append("Heap in use (garbage included) is sampled from each Berth process's actuator every 100 ms\n"
                + "(`jvm.memory.used`, `area:heap`; paused while latencies are measured); the peak resident set is the\n"
                + "kernel's `VmHWM` of the registry process (Kubo's own memory not included).\n\n");
        md.append("| measurement | process | MiB |\n| --- | --- | ---: |\n");
        for (Metric metric : metrics) {
            for (String process : results.contenders(metric)) {
                md.append("| ").append(metric.label()).append(" | ").append(process).append(" | ").append(cell(metric, process)).append(" |\n");
            }
        }
        md.append('\n');
    }

    private BarChart ratioChart() {
        BarChart chart = new BarChart("Speed against distribution v3.1.1 (its time / Berth's time; above 1 is faster)", "x",
                List.of(IPFS, FS)).valueFormat("%.2f").referenceLine(1, "as fast as distribution");
        for (Metric metric : results.metrics(Metric.Table.SIDES)) {
            Optional<Double> ipfs = speedRatio(metric, DISTRIBUTION, IPFS);
            Optional<Double> fs = speedRatio(metric, DISTRIBUTION, FS);
            if (ipfs.isPresent() && fs.isPresent()) {
                chart.group(metric.label(), List.of(ipfs.get(), fs.get()));
            }
        }
        return chart;
    }

    private BarChart timeChart() {
        BarChart chart = new BarChart("Push and pull times, median (lower is better)", "s", List.of(IPFS, FS, DISTRIBUTION));
        for (Metric metric : results.metrics(Metric.Table.SIDES)) {
            List<Double> medians = new ArrayList<>();
            for (String side : List.of(IPFS, FS, DISTRIBUTION)) {
                results.stats(metric, side).ifPresent(stats -> medians.add(stats.median()));
            }
            if (metric.unit().equals("s") && medians.size() == 3) {
                chart.group(metric.label(), medians);
            }
        }
        return chart.valueFormat("%.2f");
    }

    private String cell(Metric metric, String contender) {
        return results.stats(metric, contender).map(stats -> stats.count() == 1 ? number(metric, stats.median())
                : number(metric, stats.median()) + " (" + number(metric, stats.min()) + "–" + number(metric, stats.max()) + ")")
                .orElse("–");
    }

    private String ratio(Metric metric, String reference, String berth) {
        return speedRatio(metric, reference, berth).map(ratio -> String.format(Locale.ROOT, "%.2fx", ratio)).orElse("–");
    }

    private Optional<Double> speedRatio(Metric metric, String reference, String berth) {
        Optional<Stats> other = results.stats(metric, reference);
        Optional<Stats> own = results.stats(metric, berth);
        if (!metric.isTime() || other.isEmpty() || own.isEmpty() || own.get().median() == 0) {
            return Optional.empty();
        }
        return Optional.of(other.get().median() / own.get().median());
    }

    /** Counts as whole numbers (a median of an even number of rounds may end in .5); anything else with three significant digits. */
    static String number(Metric metric, double value) {
        if (!metric.isTime() && metric.table() != Metric.Table.MEMORY && value == Math.rint(value)) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f", value);
    }
}
