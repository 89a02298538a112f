package dev.berth.registry.mirror.upstream;

import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.MediaType;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Objects;

/**
 * A manifest or index fetched from an upstream, at most 4 MiB, whose bytes were checked against
 * its digest: the one asked for, and the {@code Docker-Content-Digest} the upstream declared.
 */
public final class UpstreamManifest {
    private final Digest digest;
    private final MediaType mediaType;
    private final byte[] content;

    UpstreamManifest(Digest digest, MediaType mediaType, byte[] content) {
        this.digest = Objects.requireNonNull(digest, "digest");
        this.mediaType = Objects.requireNonNull(mediaType, "mediaType");
        this.content = content.clone();
    }

    public Digest digest() {
        return digest;
    }

    /** One of the OCI or Docker v2 manifest or index media types. */
    public MediaType mediaType() {
        return mediaType;
    }

    public long size() {
        return content.length;
    }

    /** A copy of the bytes, exactly as the upstream sent them. */
    public byte[] content() {
        return content.clone();
    }

    /** The bytes as a stream, without copying them. */
    public InputStream stream() {
        return new ByteArrayInputStream(content);
    }

    public ManifestDescriptor descriptor() {
        return new ManifestDescriptor(digest, mediaType, content.length);
    }

    @Override
    public String toString() {
        return "UpstreamManifest[" + digest + ", " + mediaType + ", " + content.length + " bytes]";
    }
}
