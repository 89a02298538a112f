package dev.berth.storage.ipfs;

import java.io.IOException;

/**
 * The Kubo node behind the IPFS driver, for health checks: a capability of the driver, reached with
 * {@code driver.unwrap(KuboStatus.class)}.
 */
@FunctionalInterface
public interface KuboStatus {

    /** The node's version, asked within the driver's timeout: a cheap check that the node answers. */
    String version() throws IOException;
}
