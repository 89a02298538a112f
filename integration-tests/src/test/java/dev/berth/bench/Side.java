package dev.berth.bench;

import java.util.List;

/** The registries compared in every round. */
enum Side {
    BERTH_IPFS("Berth, IPFS driver"),
    BERTH_FS("Berth, filesystem driver"),
    DISTRIBUTION("distribution v3.1.1, filesystem");

    /**
     * The order of the sides in each round, cycled: every side goes first, second and last equally
     * often over six rounds, so that no side always meets a warmer or busier machine.
     */
    private static final List<List<Side>> ORDERS = List.of(
            List.of(BERTH_IPFS, BERTH_FS, DISTRIBUTION),
            List.of(DISTRIBUTION, BERTH_FS, BERTH_IPFS),
            List.of(BERTH_FS, DISTRIBUTION, BERTH_IPFS),
            List.of(BERTH_IPFS, DISTRIBUTION, BERTH_FS),
            List.of(DISTRIBUTION, BERTH_IPFS, BERTH_FS),
            List.of(BERTH_FS, BERTH_IPFS, DISTRIBUTION));

    private final String label;

    Side(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    boolean isBerth() {
        return this != DISTRIBUTION;
    }

    /** The order of round {@code round} (counted from 1). */
    static List<Side> order(int round) {
        return ORDERS.get((round - 1) % ORDERS.size());
    }

    /** A short name for an order, such as "ABC" (A = Berth on IPFS, B = Berth on the filesystem, C = distribution). */
    static String letters(List<Side> order) {
        StringBuilder letters = new StringBuilder();
        order.forEach(side -> letters.append((char) ('A' + side.ordinal())));
        return letters.toString();
    }
}
