package dev.berth.it.soak;

/**
 * What the registry holds at one moment, taken while no client is active.
 *
 * @param heapAfterGcBytes the JVM's used heap right after a full GC
 * @param liveThreads the JVM's live platform threads
 * @param openFiles the JVM's open file descriptors
 * @param connectionsToKubo the JVM's established TCP connections to Kubo's RPC API
 * @param kuboPeers the peers Kubo is connected to
 * @param kuboOpenFiles Kubo's open file descriptors
 */
public record ResourceSample(long heapAfterGcBytes, long liveThreads, long openFiles, long connectionsToKubo, long kuboPeers,
                             long kuboOpenFiles) {
}
