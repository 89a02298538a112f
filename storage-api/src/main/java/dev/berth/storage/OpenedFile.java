package dev.berth.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A file opened for reading by {@link StorageDriver#open}: what {@code stat} reports about it (size,
 * content identifier) and a stream of the range asked for, so that a response can carry both from
 * one look-up. Close it, or its stream, when done.
 *
 * @param info the file as {@code stat} reports it; a file, never a folder
 * @param content the bytes of the range asked for
 */
public record OpenedFile(FileInfo info, InputStream content) implements Closeable {
    public OpenedFile {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(content, "content");
        if (info.directory()) {
            throw new IllegalArgumentException("a folder cannot be opened: " + info.path());
        }
    }

    @Override
    public void close() throws IOException {
        content.close();
    }
}
