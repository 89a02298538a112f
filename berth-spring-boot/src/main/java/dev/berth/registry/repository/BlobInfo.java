package dev.berth.registry.repository;

import dev.berth.registry.naming.Digest;
import java.util.Objects;
import java.util.Optional;

/**
 * What a repository knows of a blob without reading it.
 *
 * @param contentId where IPFS serves the same bytes ({@code /ipfs/<contentId>}), when the store has one
 */
public record BlobInfo(Digest digest, long size, Optional<String> contentId) {
    public BlobInfo {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(contentId, "contentId");
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size + " of " + digest);
        }
    }
}
