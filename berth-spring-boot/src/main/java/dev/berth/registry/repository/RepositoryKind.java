package dev.berth.registry.repository;

import dev.berth.registry.naming.RepositoryName;
import java.util.List;
import java.util.Optional;

/**
 * A kind of repository (this registry's store, trees on IPFS, an upstream registry, ...) and the
 * names it serves. Kinds are Spring beans asked in their {@code @Order}; the first that claims a
 * name serves every request for it. Claiming must be cheap (no remote call): a kind that needs to
 * resolve something does so when its services are first called.
 */
@FunctionalInterface
public interface RepositoryKind {

    /** The repository for the name when this kind serves it; empty to leave the name to the next kind. */
    Optional<Repository> locate(RepositoryName name);

    /**
     * The repositories below a name this kind claims that stands for a whole tree of them (such as
     * {@code ipfs/<cid>}), by the names they are located by, sorted, at most {@code limit}; empty when
     * the kind has no such trees. Unlike {@link #locate}, this may read remote content.
     */
    default Optional<List<RepositoryName>> repositoriesIn(RepositoryName tree, int limit) {
        return Optional.empty();
    }
}
