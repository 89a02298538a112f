package dev.berth.registry.ipfs.publish;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.storage.ipfs.PublishedTree;
import java.io.IOException;
import java.util.Optional;

/** The CID of the registry's whole published tree, flushed; UNSUPPORTED when storage is not IPFS. */
public final class PublishedRoot {
    private final Optional<PublishedTree> tree;
    private final String driverName;

    public PublishedRoot(Optional<PublishedTree> tree, String driverName) {
        this.tree = tree;
        this.driverName = driverName;
    }

    public String cid() throws IOException {
        return tree.orElseThrow(() -> RegistryException.of(ErrorCode.UNSUPPORTED,
                "the registry's storage is " + driverName + ", not IPFS")).cid("/");
    }
}
