package dev.berth.registry.mirror.upstream;

import dev.berth.registry.naming.Digest;
import java.io.Closeable;
import java.io.InputStream;
import java.util.OptionalLong;

/**
 * A blob streaming from an upstream. Read {@link #stream()} to its end and close this: the stream
 * fails with an {@link UpstreamException} (wrapped as the {@code IOException} it is) if the upstream
 * goes silent for the read timeout, cuts the body short of its declared length, or, for a whole
 * blob, sends bytes that do not hash to the digest (reported at the end, instead of end of stream).
 * Closing before the end drops the connection.
 */
public final class UpstreamBlob implements Closeable {
    private final Digest digest;
    private final long offset;
    private final long length;
    private final long totalSize;
    private final boolean partial;
    private final UpstreamStream stream;

    UpstreamBlob(Digest digest, long offset, long length, long totalSize, boolean partial, UpstreamStream stream) {
        this.digest = digest;
        this.partial = partial;
        this.offset = offset;
        this.length = length;
        this.totalSize = totalSize;
        this.stream = stream;
    }

    public Digest digest() {
        return digest;
    }

    /** The position in the blob of the stream's first byte: 0 for a whole blob, the range's start for a part. */
    public long offset() {
        return offset;
    }

    /** The bytes the stream holds, as the upstream declared them; -1 when it did not declare a length. */
    public long length() {
        return length;
    }

    /** The whole blob's size, when the upstream said it (always for a whole blob with a declared length). */
    public OptionalLong totalSize() {
        return totalSize < 0 ? OptionalLong.empty() : OptionalLong.of(totalSize);
    }

    /** Whether this is part of the blob (the upstream answered a range with 206). */
    public boolean isPartial() {
        return partial;
    }

    /** The bytes, as they arrive. */
    public InputStream stream() {
        return stream;
    }

    @Override
    public void close() {
        stream.close();
    }

    @Override
    public String toString() {
        return "UpstreamBlob[" + digest + ", offset " + offset + ", " + length + " bytes]";
    }
}
