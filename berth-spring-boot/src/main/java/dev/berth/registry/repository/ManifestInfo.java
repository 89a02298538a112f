package dev.berth.registry.repository;

import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.MediaType;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored manifest without its bytes.
 *
 * @param contentId where IPFS serves the same bytes ({@code /ipfs/<contentId>}), when the store has one
 */
public record ManifestInfo(Digest digest, MediaType mediaType, long size, Optional<String> contentId) {
    public ManifestInfo {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(contentId, "contentId");
    }
}
