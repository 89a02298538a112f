package dev.berth.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures of the earlier single-run benchmarks ({@code registry.md}, {@code remote-pull.md}), read
 * from their tables, beside this run's medians for the same shapes. Shapes this run did not measure
 * (a {@code --quick} run, or {@code --only}) are left out.
 */
final class PreviousFigures {
    private static final Pattern DATE = Pattern.compile("Measured (\\d{4}-\\d{2}-\\d{2})");
    private static final Pattern PUSH_PULL = Pattern.compile("^\\| ([^|]+?) \\| (\\d+ x \\d+ MiB layers?) \\| ([\\d.]+) \\| ([\\d.]+) \\|$",
            Pattern.MULTILINE);
    private static final Pattern HEAD_HEAP = Pattern.compile("^\\| ([^|]+?) \\| ([\\d.]+) \\| ([\\d.]+) \\| (\\d+|n/a \\(Go\\)) \\|$",
            Pattern.MULTILINE);
    private static final Pattern REMOTE_SIZE = Pattern.compile("one (\\d+) MiB layer");
    private static final Pattern REMOTE_ROW = Pattern.compile("^\\| (local pull on A|B from A by root CID \\(cold, bitswap\\)) \\| ([\\d.]+) \\|",
            Pattern.MULTILINE);

    private final Path folder;
    private final Results results;
    private final Workload workload;
    private final StringBuilder rows = new StringBuilder();

    PreviousFigures(Path folder, Results results, Workload workload) {
        this.folder = folder;
        this.results = results;
        this.workload = workload;
    }

    /** The markdown section, or nothing when no earlier figure matches a shape of this run. */
    String section() throws IOException {
        String registry = read("registry.md");
        String remote = read("remote-pull.md");
        Matcher pushPull = PUSH_PULL.matcher(registry);
        while (pushPull.find()) {
            String side = pushPull.group(1);
            String shape = pushPull.group(2);
            row(CranePushPull.push(shape), side, pushPull.group(3), "registry.md");
            row(CranePushPull.pull(shape), side, pushPull.group(4), "registry.md");
        }
        Matcher headHeap = HEAD_HEAP.matcher(registry);
        while (headHeap.find()) {
            String side = headHeap.group(1);
            row(ManifestHeads.percentile(workload, 50), side, headHeap.group(2), "registry.md");
            row(ManifestHeads.percentile(workload, 99), side, headHeap.group(3), "registry.md");
            if (!headHeap.group(4).startsWith("n/a")) {
                row(Metric.PEAK_HEAP, side, headHeap.group(4), "registry.md");
            }
        }
        Matcher size = REMOTE_SIZE.matcher(remote);
        if (size.find() && Integer.parseInt(size.group(1)) == workload.crossNodeMib()) {
            Matcher remoteRow = REMOTE_ROW.matcher(remote);
            while (remoteRow.find()) {
                row(CrossNodePull.metric(workload), remoteRow.group(1).startsWith("local") ? CrossNodePull.LOCAL : CrossNodePull.COLD,
                        remoteRow.group(2), "remote-pull.md");
            }
        }
        if (rows.isEmpty()) {
            return "";
        }
        return """
                ## Beside the previous figures

                The earlier benchmarks (%s) ran each figure once, in a fixed order, and pushed crane tarballs
                with gzip-compressed layers; this run pushes OCI layouts with uncompressed layers of random bytes,
                over rounds. Their figures beside this run's medians:

                | figure | registry | previous | now (median) |
                | --- | --- | ---: | ---: |
                """.formatted(String.join(", ", sources(registry, remote))) + rows + "\n";
    }

    private void row(Metric metric, String contender, String previous, String source) {
        Optional<Stats> now = results.stats(metric, contender);
        if (now.isPresent()) {
            rows.append("| ").append(metric.label()).append(" (").append(metric.unit()).append(") | ").append(contender)
                    .append(" | ").append(previous).append(" | ").append(SpeedReport.number(metric, now.get().median())).append(" |\n");
        }
    }

    private String read(String name) throws IOException {
        Path file = folder.resolve(name);
        return Files.isRegularFile(file) ? Files.readString(file) : "";
    }

    private static List<String> sources(String registry, String remote) {
        List<String> sources = new ArrayList<>();
        if (!registry.isEmpty()) {
            sources.add("[registry.md](registry.md), " + date(registry));
        }
        if (!remote.isEmpty()) {
            sources.add("[remote-pull.md](remote-pull.md), " + date(remote));
        }
        return sources;
    }

    private static String date(String markdown) {
        Matcher date = DATE.matcher(markdown);
        return date.find() ? date.group(1) : "undated";
    }
}
