package dev.berth.registry.repository;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.naming.RepositoryName;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One repository as every request sees it, whatever kind it is (this registry's own store, a tree
 * on IPFS, an upstream registry, ...): the services that serve it, the name those services know it
 * by, and what it allows. The HTTP layer checks {@link #allows} before any change, so a read-only
 * kind needs to implement reads only.
 */
public interface Repository {

    /** The name the services know the repository by (for a remote tree, the name inside that tree). */
    RepositoryName name();

    boolean allows(Operation operation);

    Blobs blobs();

    Uploads uploads();

    Manifests manifests();

    Tags tags();

    Referrers referrers();

    /** Refuses an operation the repository does not allow with DENIED, naming {@code asked}, the name the client used. */
    default void require(Operation operation, RepositoryName asked) {
        if (!allows(operation)) {
            throw RegistryException.of(ErrorCode.DENIED, asked + " does not allow " + operation.name().toLowerCase(java.util.Locale.ROOT)
                    + (allows(Operation.PULL) ? ": it is read-only" : ""), asked.value());
        }
    }

    /** A repository made of the given services. */
    static Repository of(RepositoryName name, Set<Operation> allowed, Blobs blobs, Uploads uploads, Manifests manifests, Tags tags,
                         Referrers referrers) {
        return new Composed(name, Set.copyOf(allowed), blobs, uploads, manifests, tags, referrers);
    }

    /** A read-only repository made of the given reading services. */
    static Repository readOnly(RepositoryName name, Blobs blobs, Manifests manifests, Tags tags, Referrers referrers) {
        return of(name, EnumSet.of(Operation.PULL), blobs, new Uploads() { }, manifests, tags, referrers);
    }

    /** Every operation. */
    Set<Operation> ALL = Set.copyOf(EnumSet.allOf(Operation.class));

    record Composed(RepositoryName name, Set<Operation> allowed, Blobs blobs, Uploads uploads, Manifests manifests, Tags tags,
                    Referrers referrers) implements Repository {
        public Composed {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(blobs, "blobs");
            Objects.requireNonNull(uploads, "uploads");
            Objects.requireNonNull(manifests, "manifests");
            Objects.requireNonNull(tags, "tags");
            Objects.requireNonNull(referrers, "referrers");
        }

        @Override
        public boolean allows(Operation operation) {
            return allowed.contains(operation);
        }
    }
}
