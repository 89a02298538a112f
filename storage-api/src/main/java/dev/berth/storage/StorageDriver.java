package dev.berth.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A path-based store of files, modelled on CNCF distribution's storage driver. It knows nothing of
 * registries: the registry maps blobs, manifests, tags and uploads onto paths.
 *
 * <p>Paths are {@link StoragePath}s given as strings; {@code /} names the root folder and is valid
 * only where a folder is (stat, list, walk). Folders exist implicitly while something is stored
 * below them. Drivers may assume valid paths: {@link CheckedDriver}, which wraps every driver,
 * checks them, normalises errors into {@link StorageException}s and records metrics.
 *
 * <p>Implementations must be safe for concurrent use; the contract suite in this module's test-jar
 * ({@code StorageDriverContract}) states and checks every rule below.
 */
public interface StorageDriver {

    /** A short name for logs, metrics and errors, such as {@code filesystem} or {@code ipfs}. */
    String name();

    /** The whole content of a small file. */
    default byte[] getContent(String path) throws IOException {
        try (InputStream in = reader(path, 0)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    /**
     * At most {@code limit} bytes of a file from its start: all of it when it is no longer, else its
     * first {@code limit} bytes, and nothing past them is read. Asking for one byte more than a file
     * may hold tells a file that holds too much (one from a tree anyone may have written) without
     * reading it. A negative limit is an {@link IllegalArgumentException}.
     */
    default byte[] getContent(String path, int limit) throws IOException {
        try (InputStream in = reader(path, 0, limit)) {
            return in.readNBytes(limit);
        }
    }

    /**
     * Replaces the content at the path in one step, creating missing parent folders. A failure is
     * the write's or the commit's own, even when discarding the pending content fails as well.
     */
    default void putContent(String path, byte[] content) throws IOException {
        FileWriter writer = writer(path, false);
        try {
            writer.write(content);
            writer.commit();
        } catch (IOException | RuntimeException e) {
            try {
                writer.cancel();
            } catch (IOException | RuntimeException cancelFailed) {
                e.addSuppressed(cancelFailed);
            }
            throw e;
        }
    }

    /**
     * Streams the committed content from {@code offset}. An offset equal to the size reads nothing;
     * a negative offset, or one past the end, is an {@link InvalidOffsetException}.
     */
    InputStream reader(String path, long offset) throws IOException;

    /**
     * Streams at most {@code length} bytes of the committed content from {@code offset}, fewer when
     * the file ends first. Offsets are checked as by {@link #reader(String, long)}; a negative length
     * is an {@link IllegalArgumentException}. The default bounds {@link #reader(String, long)};
     * drivers that can ask their store for a range override it, so that a range is never fetched
     * past its end.
     */
    default InputStream reader(String path, long offset, long length) throws IOException {
        checkLength(length);
        return new BoundedInputStream(reader(path, offset), length);
    }

    /**
     * Opens a file for reading: what {@link #stat} reports about it together with at most
     * {@code length} bytes of it from {@code offset}, checked as by {@link #reader(String, long, long)}.
     * A folder is not found. Drivers override it to describe and read one version of the file in one
     * look-up; the default stats, then reads, so a file replaced in between may be read newer than
     * described.
     */
    default OpenedFile open(String path, long offset, long length) throws IOException {
        checkLength(length);
        FileInfo info = stat(path);
        if (info.directory()) {
            throw new PathNotFoundException(name(), path);
        }
        return new OpenedFile(info, reader(path, offset, length));
    }

    /**
     * Opens a writer on the path's pending content. With {@code append} false the pending content
     * starts empty. With {@code append} true it continues the content left by a writer that was
     * closed without commit, or else the committed content; with neither, the path is not found.
     */
    FileWriter writer(String path, boolean append) throws IOException;

    /** Size, modification time and kind of a file or folder. */
    FileInfo stat(String path) throws IOException;

    /** The full paths of the direct children of a folder, sorted. */
    List<String> list(String path) throws IOException;

    /** Moves a file, replacing any file at the destination and creating its missing parents. */
    void move(String sourcePath, String destPath) throws IOException;

    /** Deletes a file, or a folder with everything below it, including pending content. */
    void delete(String path) throws IOException;

    /**
     * A URL from which a client may fetch the file directly, when the driver is configured for
     * that; empty means "serve it yourself".
     */
    default Optional<URI> redirectUrl(String path) throws IOException {
        return Optional.empty();
    }

    /**
     * Puts content the driver already reaches by its identifier (a {@link FileInfo#contentId}, possibly of
     * another store the driver can read) at the path, without copying its bytes: IPFS links the CID.
     * Drivers without content identifiers refuse it.
     */
    default void linkContent(String contentId, String path) throws IOException {
        throw new UnsupportedStorageOperationException(name(), path, "linkContent");
    }

    /**
     * Streams at most {@code length} bytes from {@code offset} of the content a driver identifies by
     * {@code contentId} (a {@link FileInfo#contentId} it reported), without looking the path up again:
     * content identifiers name immutable content, so a caller that knows one reads in one step. Offsets
     * are checked against the content's size where the driver can (past the end reads nothing on drivers
     * that cannot tell). Drivers without content identifiers refuse it.
     */
    default InputStream readContent(String contentId, long offset, long length) throws IOException {
        throw new UnsupportedStorageOperationException(name(), "/", "readContent");
    }

    /**
     * Visits everything below the folder, depth first, children in sorted order. The visitor
     * decides whether to descend into each folder and whether to go on. Files and folders deleted
     * while the walk runs are skipped, never an error; only a missing starting folder is.
     */
    default void walk(String path, Visitor visitor) throws IOException {
        Walks.walk(this, path, visitor);
    }

    /**
     * A capability of this driver beyond the SPI, such as the IPFS driver's published tree: the driver
     * itself when it is a {@code capability}, else an object the driver hands out for it, else empty.
     * Ask the driver as the application holds it, behind {@link CheckedDriver}: an interface
     * capability then comes back measured, its failures normalised, like the driver's own calls.
     * Capability methods should declare {@link IOException}, the way SPI methods do.
     */
    default <T> Optional<T> unwrap(Class<T> capability) {
        Objects.requireNonNull(capability, "capability");
        return capability.isInstance(this) ? Optional.of(capability.cast(this)) : Optional.empty();
    }

    /** Refuses a negative length of a ranged read. */
    static void checkLength(long length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
    }

    /** Receives each file and folder of a {@link #walk}. */
    @FunctionalInterface
    interface Visitor {
        WalkControl visit(FileInfo info) throws IOException;
    }

    /** What a walk does after a visit. */
    enum WalkControl {
        /** Go on, descending into the folder just visited. */
        CONTINUE,
        /** Go on, but not into the folder just visited. */
        SKIP_CHILDREN,
        /** End the walk. */
        STOP
    }
}
