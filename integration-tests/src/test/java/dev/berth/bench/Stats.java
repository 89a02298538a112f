package dev.berth.bench;

import java.util.Arrays;
import java.util.List;

/** The median, minimum and maximum of a figure over the rounds of a run. */
record Stats(double median, double min, double max, int count) {
    Stats {
        if (count < 1 || min > median || median > max) {
            throw new IllegalArgumentException("not a summary of samples: " + min + " <= " + median + " <= " + max + ", " + count);
        }
    }

    static Stats of(List<Double> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Stats(median, sorted[0], sorted[n - 1], n);
    }

    /** The p-th percentile (nearest rank) of a sample, such as p50 or p99 of request latencies. */
    static double percentile(double[] samples, int p) {
        if (samples.length == 0 || p < 1 || p > 100) {
            throw new IllegalArgumentException("percentile " + p + " of " + samples.length + " samples");
        }
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
