package dev.berth.registry.ipfs.publish;

import dev.berth.storage.CheckedDriver;
import dev.berth.storage.StorageDriver;
import dev.berth.storage.ipfs.IpfsStorageDriver;
import dev.berth.storage.ipfs.PublishedTree;
import java.util.Optional;

/** The published tree behind a driver: only the IPFS driver publishes one. */
public final class PublishedTrees {
    private PublishedTrees() {
    }

    /** The tree of the IPFS driver behind {@code driver} (wrapped or not); empty on other drivers. */
    public static Optional<PublishedTree> of(StorageDriver driver) {
        StorageDriver inner = driver instanceof CheckedDriver checked ? checked.delegate() : driver;
        return inner instanceof IpfsStorageDriver ipfs ? Optional.of(ipfs.publishedTree()) : Optional.empty();
    }
}
