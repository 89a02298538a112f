package dev.berth.registry.repository;

import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.MediaType;
import dev.berth.registry.naming.Reference;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import java.util.List;
import java.util.Optional;

/** The manifests and indexes of repositories, by tag or digest, with the media type they were pushed as. */
public interface Manifests {

    /** The manifest with its verified bytes; MANIFEST_UNKNOWN when the repository has none by that reference. */
    StoredManifest get(RepositoryName repository, Reference reference);

    /** What a HEAD answers: the manifest without its bytes. By default read whole; kinds that know more answer cheaper. */
    default ManifestInfo stat(RepositoryName repository, Reference reference) {
        return get(repository, reference).info();
    }

    /**
     * Validates and stores a manifest, pointing {@code reference} (when a tag) and every tag of
     * {@code tags} at it; nothing of it is visible before it is all stored.
     */
    default PushedManifest put(RepositoryName repository, Reference reference, Optional<MediaType> contentType, byte[] content,
                               List<Tag> tags) {
        throw ReadOnly.refused(repository, "pushing a manifest");
    }

    /** Deletes a manifest with the tags pointing at it; MANIFEST_UNKNOWN when it is not there. */
    default void delete(RepositoryName repository, Digest digest) {
        throw ReadOnly.refused(repository, "deleting a manifest");
    }
}
