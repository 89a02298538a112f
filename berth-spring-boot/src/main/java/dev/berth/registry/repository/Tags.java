package dev.berth.registry.repository;

import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.Page;
import dev.berth.registry.naming.PageRequest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import java.time.Instant;
import java.util.Optional;

/** The tags of repositories: each names one manifest digest. */
public interface Tags {

    /** A page of the repository's tags in lexical order; NAME_UNKNOWN when the repository is not known. */
    Page list(RepositoryName repository, PageRequest request);

    /** The digest the tag points at, if the repository has the tag. */
    Optional<Digest> get(RepositoryName repository, Tag tag);

    /**
     * When the tag was last pointed at a manifest (pushed or moved), if the store keeps that; by
     * default it does not. For display only: nothing decides on it.
     */
    default Optional<Instant> pushedAt(RepositoryName repository, Tag tag) {
        return Optional.empty();
    }

    /** Points the tag at a manifest the repository holds, replacing where it pointed. */
    default void put(RepositoryName repository, Tag tag, Digest digest) {
        throw ReadOnly.refused(repository, "tagging");
    }

    /** Deletes the tag (its manifest stays); MANIFEST_UNKNOWN when there is no such tag. */
    default void delete(RepositoryName repository, Tag tag) {
        throw ReadOnly.refused(repository, "deleting a tag");
    }
}
