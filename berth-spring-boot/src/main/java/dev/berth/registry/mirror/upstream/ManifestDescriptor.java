package dev.berth.registry.mirror.upstream;

import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.MediaType;
import java.util.Objects;

/** What an upstream says a manifest is: its digest, media type and size in bytes. */
public record ManifestDescriptor(Digest digest, MediaType mediaType, long size) {
    public ManifestDescriptor {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(mediaType, "mediaType");
        if (size < 0 || size > ManifestGetCommand.MAX_MANIFEST_BYTES) {
            throw new IllegalArgumentException("a manifest has 0 to " + ManifestGetCommand.MAX_MANIFEST_BYTES + " bytes: " + size);
        }
    }
}
