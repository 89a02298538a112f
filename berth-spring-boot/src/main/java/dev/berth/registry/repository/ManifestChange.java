package dev.berth.registry.repository;

import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import java.util.List;
import java.util.Objects;

/**
 * A change to what a repository serves, published as a Spring application event once it is stored,
 * so that views of the registry (such as the published gateway tree) follow without the write path
 * knowing them.
 */
public sealed interface ManifestChange {
    RepositoryName repository();

    /**
     * A manifest was stored and the tags now point at it.
     *
     * @param blobs the config and layers it names (an index's children are manifests of their own)
     */
    record Pushed(RepositoryName repository, Digest digest, List<Digest> blobs, List<Tag> tags) implements ManifestChange {
        public Pushed {
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(digest, "digest");
            blobs = List.copyOf(blobs);
            tags = List.copyOf(tags);
        }
    }

    /**
     * A manifest was deleted by digest, with the tags that pointed at it.
     *
     * @param blobs the config and layers it named
     */
    record Deleted(RepositoryName repository, Digest digest, List<Digest> blobs) implements ManifestChange {
        public Deleted {
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(digest, "digest");
            blobs = List.copyOf(blobs);
        }
    }

    /** A tag was deleted; its manifest stays. */
    record TagDeleted(RepositoryName repository, Tag tag) implements ManifestChange {
        public TagDeleted {
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(tag, "tag");
        }
    }
}
