package dev.berth.registry.repository;

import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.MediaType;
import java.util.Objects;
import java.util.Optional;

/**
 * A manifest as stored: its digest, the media type it was pushed with, its verified bytes, and
 * where IPFS serves the same bytes when the store has a content id for them.
 */
public record StoredManifest(Digest digest, MediaType mediaType, byte[] content, Optional<String> contentId) {
    public StoredManifest {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(contentId, "contentId");
    }

    public ManifestInfo info() {
        return new ManifestInfo(digest, mediaType, content.length, contentId);
    }
}
