package dev.berth.registry.ui;

import java.util.Objects;
import java.util.Optional;

/** The IPFS node behind the registry, as the node page shows it; there is no such bean when the registry does not store on IPFS. */
interface NodeStatus {

    /**
     * What the node answered, each part empty when it did not.
     *
     * @param problem why the node is not reachable, when it is not
     * @param repoSize bytes the node's repository uses, with {@code storageMax} its limit
     */
    record Report(Optional<String> version, Optional<String> problem, Optional<Integer> peers, Optional<Long> repoSize,
                  Optional<Long> storageMax) {
        public Report {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(peers, "peers");
            Objects.requireNonNull(repoSize, "repoSize");
            Objects.requireNonNull(storageMax, "storageMax");
        }

        public boolean up() {
            return version.isPresent();
        }
    }

    /** Asks the node now; never throws, a node that does not answer is a report saying so. */
    Report report();
}
