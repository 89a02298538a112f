package dev.berth.bench;

/** One measurement of the speed benchmark, run once per round on each side it applies to. */
interface Scenario {
    /** The name {@code --only} selects it by, such as {@code crane-big}. */
    String id();

    /** Whether it measures this side (scenarios against Kubo itself measure Berth on IPFS only). */
    default boolean runsOn(Side side) {
        return true;
    }

    void run(SideSession session) throws Exception;
}
