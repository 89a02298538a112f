package dev.berth.bench;

import java.util.Objects;

/**
 * One figure the speed benchmark reports, such as "crane push, 1 x 1024 MiB layer" in seconds, and
 * the table it belongs to. Lower is better for every time and latency; a speed ratio divides the
 * reference's time by Berth's, so above 1 means Berth is faster. In the table against Kubo,
 * {@code reference} names the contender Berth is compared with; elsewhere it is empty.
 */
record Metric(String label, String unit, Table table, String reference) {
    /** Where a figure is shown. */
    enum Table {
        /** Berth on IPFS, Berth on the filesystem driver and distribution, side by side. */
        SIDES,
        /** Berth on IPFS against Kubo itself, or against its own local path. */
        AGAINST_KUBO,
        /** Kubo RPC calls that one registry operation makes, by command. */
        KUBO_CALLS,
        /** Peak memory of each registry process. */
        MEMORY
    }

    Metric {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(reference, "reference");
        if (reference.isEmpty() == (table == Table.AGAINST_KUBO)) {
            throw new IllegalArgumentException(label + ": a reference is named in the table against Kubo, and only there");
        }
        if (label.isBlank()) {
            throw new IllegalArgumentException("a metric needs a label");
        }
    }

    /** Heap in use at its highest in a Berth process during one side's round. */
    static final Metric PEAK_HEAP = memory("peak heap used, whole round (-Xmx256m)");
    /** The highest resident set of a registry process during one side's round. */
    static final Metric PEAK_RSS = memory("peak resident memory (VmHWM), whole round");

    static Metric seconds(String label) {
        return new Metric(label, "s", Table.SIDES, "");
    }

    static Metric millis(String label) {
        return new Metric(label, "ms", Table.SIDES, "");
    }

    /** A number of requests, shown beside the latencies measured over them; not a time, so no ratio. */
    static Metric requests(String label) {
        return new Metric(label, "requests", Table.SIDES, "");
    }

    /** Whether it is a time, lower being better, so that a speed ratio means something. */
    boolean isTime() {
        return unit.equals("s") || unit.equals("ms");
    }

    /** A time of Berth on IPFS against a reference, such as {@code ipfs add} of the same bytes. */
    static Metric againstKubo(String label, String reference) {
        return new Metric(label, "s", Table.AGAINST_KUBO, reference);
    }

    static Metric kuboCalls(String operation) {
        return new Metric(operation, "calls", Table.KUBO_CALLS, "");
    }

    static Metric memory(String label) {
        return new Metric(label, "MiB", Table.MEMORY, "");
    }
}
