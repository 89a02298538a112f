package dev.berth.registry.repository;

import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.RepositoryName;
import java.util.Optional;

/** The blobs of repositories: stat, read (whole or a range) and delete. */
public interface Blobs {

    /** The blob, when the repository holds it. */
    Optional<BlobInfo> stat(RepositoryName repository, Digest digest);

    /** The blob or a range of it, ready to stream; BLOB_UNKNOWN when the repository does not hold it. */
    BlobContent open(RepositoryName repository, Digest digest, Optional<RangeRequest> range);

    /** Removes the blob from the repository; BLOB_UNKNOWN when it is not there. */
    default void delete(RepositoryName repository, Digest digest) {
        throw ReadOnly.refused(repository, "deleting a blob");
    }
}
