package dev.berth.storage;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link StorageDriver#stat} reports about a path.
 *
 * @param path the storage path
 * @param size the size in bytes of a file; 0 for a directory
 * @param modTime when the file was last committed (for a directory, a driver-defined recent time)
 * @param directory whether the path is a directory
 * @param contentId the identifier a driver that stores content by one gives it (IPFS: its CID, so that
 *     responses can name {@code /ipfs/<cid>} and {@link StorageDriver#linkContent} can link it);
 *     empty for the others
 */
public record FileInfo(String path, long size, Instant modTime, boolean directory, Optional<String> contentId) {
    public FileInfo {
        Objects.requireNonNull(contentId, "contentId");
        StoragePath.of(path);
        Objects.requireNonNull(modTime, "modTime");
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size + " for " + path);
        }
        if (directory && size != 0) {
            throw new IllegalArgumentException("a directory has no size: " + path);
        }
    }

    /** Without a content identifier, as most drivers report. */
    public FileInfo(String path, long size, Instant modTime, boolean directory) {
        this(path, size, modTime, directory, Optional.empty());
    }

    public static FileInfo file(String path, long size, Instant modTime) {
        return new FileInfo(path, size, modTime, false);
    }

    public static FileInfo directory(String path, Instant modTime) {
        return new FileInfo(path, 0, modTime, true);
    }

    /** The same, with the driver's identifier of the content. */
    public FileInfo withContentId(String id) {
        return new FileInfo(path, size, modTime, directory, Optional.of(id));
    }
}
