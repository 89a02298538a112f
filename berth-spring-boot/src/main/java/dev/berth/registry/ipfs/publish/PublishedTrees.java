package dev.berth.registry.ipfs.publish;

import dev.berth.registry.store.RegistryStorage;
import dev.berth.storage.ipfs.PublishedTree;
import java.util.Optional;

/** The published tree behind the registry's storage: only the IPFS driver publishes one. */
public final class PublishedTrees {
    private PublishedTrees() {
    }

    /**
     * The tree, a capability of the IPFS driver, asked of the driver behind {@code CheckedDriver} so
     * that its calls are measured and normalised like every storage call; empty on other drivers.
     */
    public static Optional<PublishedTree> of(RegistryStorage storage) {
        return storage.driver().unwrap(PublishedTree.class);
    }
}
