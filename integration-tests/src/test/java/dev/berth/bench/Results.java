package dev.berth.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every sample of a run, by metric and contender (a side such as "Berth, IPFS driver", or a reference
 * such as "ipfs add"), in the order they were first recorded; plus checks made along the way.
 */
final class Results {
    private final Map<Metric, Map<String, List<Double>>> samples = new LinkedHashMap<>();
    private final List<String> checks = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    synchronized void add(Metric metric, String contender, double value) {
        if (!Double.isFinite(value) || value < 0) {
            throw new IllegalArgumentException(metric.label() + " for " + contender + ": " + value);
        }
        samples.computeIfAbsent(metric, m -> new LinkedHashMap<>()).computeIfAbsent(contender, c -> new ArrayList<>()).add(value);
        System.out.printf(Locale.ROOT, "  %s | %s: %.3f %s%n", metric.label(), contender, value, metric.unit());
    }

    /** A fact established during the run that a reader should know, such as two CIDs agreeing. */
    synchronized void check(String fact) {
        if (!checks.contains(fact)) {
            checks.add(fact);
        }
        System.out.println("  check: " + fact);
    }

    /**
     * A scenario that failed: the run goes on with the next one, and the report lists the failure with
     * the line of the error that says most (a client's {@code Error:} line when there is one).
     */
    synchronized void failure(String where, Throwable error) {
        String message = String.valueOf(error.getMessage());
        String line = message.lines().filter(l -> l.contains("Error") || l.contains("error")).reduce((first, last) -> last)
                .orElse(message.lines().findFirst().orElse(error.getClass().getName())).strip();
        failures.add(where + ": " + (line.length() > 400 ? line.substring(0, 400) + "..." : line));
        System.out.println("  FAILED " + where);
        error.printStackTrace(System.out);
    }

    synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    synchronized List<Metric> metrics(Metric.Table table) {
        return samples.keySet().stream().filter(metric -> metric.table() == table).toList();
    }

    synchronized List<String> contenders(Metric metric) {
        return List.copyOf(samples.getOrDefault(metric, Map.of()).keySet());
    }

    synchronized Optional<Stats> stats(Metric metric, String contender) {
        List<Double> values = samples.getOrDefault(metric, Map.of()).get(contender);
        return values == null ? Optional.empty() : Optional.of(Stats.of(values));
    }

    synchronized List<String> checks() {
        return List.copyOf(checks);
    }
}
