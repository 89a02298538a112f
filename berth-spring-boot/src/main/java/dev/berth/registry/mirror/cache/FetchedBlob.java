package dev.berth.registry.mirror.cache;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A blob coming from its source.
 *
 * @param length the length the source declared, or -1
 * @param stream the bytes, verified by the source as {@link BlobSource#open} requires
 * @param connection what to close once read (or abandoned)
 */
public record FetchedBlob(long length, InputStream stream, Closeable connection) implements Closeable {
    public FetchedBlob {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(connection, "connection");
        if (length < -1) {
            throw new IllegalArgumentException("a length of " + length);
        }
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
