package dev.berth.registry.repository;

import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.RepositoryName;
import java.util.Optional;

/**
 * Blob uploads into repositories: started, fed in chunks, completed against a digest, or
 * cancelled; a whole blob in one request; a blob mounted from another repository. Nothing an
 * upload receives is visible as a blob before it was checked against its digest. A read-only
 * repository refuses all of it.
 */
public interface Uploads {

    default UploadStatus start(RepositoryName repository) {
        throw ReadOnly.refused(repository, "uploading");
    }

    /** Stores a whole blob in one request; nothing is visible unless it hashes to {@code expected}. */
    default Digest pushWhole(RepositoryName repository, Digest expected, UploadChunk chunk) {
        throw ReadOnly.refused(repository, "uploading");
    }

    default UploadStatus status(RepositoryName repository, UploadId id) {
        throw ReadOnly.refused(repository, "uploading");
    }

    /** Appends a chunk, which must start where the upload stands (a gap or an overlap is RANGE_INVALID). */
    default UploadStatus append(RepositoryName repository, UploadId id, UploadChunk chunk) {
        throw ReadOnly.refused(repository, "uploading");
    }

    /** Appends the last chunk, if any, and makes the blob visible when it all hashes to {@code expected}. */
    default Digest complete(RepositoryName repository, UploadId id, Digest expected, UploadChunk lastChunk) {
        throw ReadOnly.refused(repository, "uploading");
    }

    default void cancel(RepositoryName repository, UploadId id) {
        throw ReadOnly.refused(repository, "uploading");
    }

    /**
     * Makes a blob part of the repository without uploading it again: from {@code source} when given
     * (the caller checked that the client may read it), otherwise from wherever this store keeps it.
     * False when there is nothing to mount, and the client should upload.
     */
    default boolean mount(RepositoryName repository, Digest digest, Optional<Repository> source) {
        throw ReadOnly.refused(repository, "mounting");
    }
}
