package dev.berth.registry.repository;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.naming.RepositoryName;
import java.util.List;
import java.util.Optional;

/** Hands every request, reads and writes alike, the repository its name belongs to: the first {@link RepositoryKind} that claims it. */
public final class RepositoryLocator {
    private final List<RepositoryKind> kinds;

    /** @param kinds in the order they are asked; this registry's own store, which claims every name, comes last */
    public RepositoryLocator(List<RepositoryKind> kinds) {
        this.kinds = List.copyOf(kinds);
    }

    public Repository locate(RepositoryName name) {
        for (RepositoryKind kind : kinds) {
            Optional<Repository> found = kind.locate(name);
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw RegistryException.of(ErrorCode.NAME_UNKNOWN, "no repository kind of this registry serves " + name, name.value());
    }

    /** The repositories in the tree a name stands for, as the kind that claims the name lists them; see {@link RepositoryKind#repositoriesIn}. */
    public Optional<List<RepositoryName>> repositoriesIn(RepositoryName tree, int limit) {
        for (RepositoryKind kind : kinds) {
            if (kind.locate(tree).isPresent()) {
                return kind.repositoriesIn(tree, limit);
            }
        }
        return Optional.empty();
    }
}
