package dev.berth.registry.ipfs.publish;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.storage.ipfs.PublishedTree;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * The CID of the registry's whole published tree, flushed; UNSUPPORTED when storage is not IPFS. It
 * first waits (a bounded while) for the derived trees to take in the changes made so far, so the
 * CID covers the gateway view of everything pushed before the question.
 */
public final class PublishedRoot {
    static final Duration DERIVED_TREES_WAIT = Duration.ofSeconds(10);

    private final Optional<PublishedTree> tree;
    private final String driverName;
    private final Optional<DerivedTrees> derived;

    public PublishedRoot(Optional<PublishedTree> tree, String driverName, Optional<DerivedTrees> derived) {
        this.tree = tree;
        this.driverName = driverName;
        this.derived = derived;
    }

    public String cid() throws IOException {
        PublishedTree published = published();
        derived.ifPresent(trees -> trees.awaitApplied(DERIVED_TREES_WAIT));
        return published.cid("/");
    }

    /**
     * The tree's CID as it is now, without waiting for the derived trees: for pages that show the
     * root beside other things, which must not wait while a burst of pushes is being taken in.
     */
    public String currentCid() throws IOException {
        return published().cid("/");
    }

    private PublishedTree published() {
        return tree.orElseThrow(() -> RegistryException.of(ErrorCode.UNSUPPORTED,
                "the registry's storage is " + driverName + ", not IPFS"));
    }
}
