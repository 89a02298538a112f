package dev.berth.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * What {@link StorageDriver#stat} reports about a path.
 *
 * @param path the storage path
 * @param size the size in bytes of a file; 0 for a directory
 * @param modTime when the file was last committed (for a directory, a driver-defined recent time)
 * @param directory whether the path is a directory
 */
public record FileInfo(String path, long size, Instant modTime, boolean directory) {
    public FileInfo {
        StoragePath.of(path);
        Objects.requireNonNull(modTime, "modTime");
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size + " for " + path);
        }
        if (directory && size != 0) {
            throw new IllegalArgumentException("a directory has no size: " + path);
        }
    }

    public static FileInfo file(String path, long size, Instant modTime) {
        return new FileInfo(path, size, modTime, false);
    }

    public static FileInfo directory(String path, Instant modTime) {
        return new FileInfo(path, 0, modTime, true);
    }
}
