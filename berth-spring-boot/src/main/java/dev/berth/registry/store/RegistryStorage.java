package dev.berth.registry.store;

import dev.berth.storage.CheckedDriver;
import dev.berth.storage.FileInfo;
import dev.berth.storage.PathNotFoundException;
import dev.berth.storage.StorageDriver;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage driver as the registry uses it: always behind {@link CheckedDriver}, with the
 * "absent is not an error" questions the registry asks all the time. What it learns of files that
 * never change while they exist (blob data, links, media types) it remembers
 * ({@link ContentAddressedCache}), so a HEAD or a manifest push asks storage only what it does not
 * know; tags and everything else are read each time. Its own writes and deletes keep that memory true.
 * Small files are read within a bound: a tree from elsewhere may hold anything.
 */
public final class RegistryStorage {
    /** The largest small file the registry writes: a manifest (4 MiB), or a referrer's descriptor with the manifest's annotations. */
    public static final int SMALL_FILE_MAX = 4 * 1024 * 1024 + 64 * 1024;
    /** The largest link or media type file: a digest or a media type is a line of well under this. */
    public static final int LINK_MAX = 1024;
    private static final Logger log = LoggerFactory.getLogger(RegistryStorage.class);

    private final StorageDriver driver;
    private final ContentAddressedCache known = new ContentAddressedCache();

    public RegistryStorage(StorageDriver driver, MeterRegistry meters) {
        this.driver = CheckedDriver.wrap(driver, meters);
    }

    public StorageDriver driver() {
        return driver;
    }

    public boolean exists(String path) {
        return knownToExist(path) || size(path).isPresent();
    }

    /** The size of the file, or empty when nothing is there. */
    public Optional<Long> size(String path) {
        Optional<Long> remembered = known.size(path);
        return remembered.isPresent() ? remembered : stat(path).map(FileInfo::size);
    }

    /** What the driver reports about the path (its CID included, on IPFS), or empty when nothing is there. */
    public Optional<FileInfo> stat(String path) {
        Optional<FileInfo> remembered = known.info(path);
        if (remembered.isPresent()) {
            return remembered;
        }
        long since = known.epoch();
        Optional<FileInfo> info = unlessMissing(() -> driver.stat(path));
        info.filter(found -> !found.directory()).ifPresent(found -> known.remember(path, found, since));
        return info;
    }

    /** Puts content the driver reaches by its identifier at the path, without copying it. */
    public void linkContent(String contentId, String path) {
        known.forget(path);
        unchecked(() -> {
            driver.linkContent(contentId, path);
            return null;
        });
    }

    /**
     * The content of a small file, or empty when nothing is there, as {@link #read(String, int)} reads:
     * at most {@link #LINK_MAX} bytes of a link or media type (a tag's, a layer's, a revision's), so
     * that a tree from elsewhere cannot make each look-up read megabytes, and {@link #SMALL_FILE_MAX}
     * of anything else.
     */
    public Optional<byte[]> read(String path) {
        return read(path, path.endsWith("/link") || path.endsWith("/mediatype") ? LINK_MAX : SMALL_FILE_MAX);
    }

    /**
     * The content of a small file of at most {@code maxBytes}, or empty when nothing is there. A longer
     * file is not one the registry wrote (a tree from elsewhere may hold anything): it is logged and
     * taken as absent, and no more than one byte past the bound is read, in the one call that reads it.
     */
    public Optional<byte[]> read(String path, int maxBytes) {
        Optional<byte[]> remembered = known.content(path).filter(bytes -> bytes.length <= maxBytes);
        if (remembered.isPresent()) {
            return remembered;
        }
        long since = known.epoch();
        Optional<byte[]> content = unlessMissing(() -> driver.getContent(path, maxBytes + 1));
        if (content.isPresent() && content.get().length > maxBytes) {
            log.warn("Ignoring {} in {}: more than the {} bytes a file there may have", path, driver.name(), maxBytes);
            return Optional.empty();
        }
        content.ifPresent(bytes -> known.remember(path, bytes, since));
        return content;
    }

    /** Replaces a small file in one step. */
    public void write(String path, byte[] content) {
        known.forget(path);
        long since = known.epoch();
        unchecked(() -> {
            driver.putContent(path, content);
            return null;
        });
        known.remember(path, content, since);
    }

    /** Like {@link #write}, but nothing when this process knows the file holds these bytes already. */
    public void writeUnlessKnown(String path, byte[] content) {
        if (!known.content(path).map(bytes -> java.util.Arrays.equals(bytes, content)).orElse(false)) {
            write(path, content);
        }
    }

    /**
     * Whether a file that never changes while it exists is known to be there, without asking storage:
     * true only when this process wrote, linked or read it and has not deleted it since.
     */
    public boolean knownToExist(String path) {
        return known.size(path).isPresent();
    }

    /**
     * Publishes a writer's pending content at {@code path} ({@link dev.berth.storage.FileWriter#commitTo}),
     * keeping what is known of the path true.
     */
    public void commit(dev.berth.storage.FileWriter writer, String path) {
        known.forget(path);
        long since = known.epoch();
        known.remember(path, unchecked(() -> writer.commitTo(path)), since);
    }

    /** The children of a folder; none when the folder does not exist. */
    public List<String> list(String path) {
        return unlessMissing(() -> driver.list(path)).orElse(List.of());
    }

    /** Deletes a file or folder; false when nothing was there. */
    public boolean delete(String path) {
        known.forget(path);
        try {
            return unlessMissing(() -> {
                driver.delete(path);
                return true;
            }).isPresent();
        } finally {
            known.forget(path); // again: a read that ran while the driver deleted may have remembered the file
        }
    }

    public void move(String source, String destination) {
        known.forget(source);
        known.forget(destination);
        try {
            unchecked(() -> {
                driver.move(source, destination);
                return null;
            });
        } finally {
            known.forget(source);
            known.forget(destination);
        }
    }

    private interface StorageCall<T> {
        T call() throws IOException;
    }

    /** The call's result, or empty when the driver finds nothing at the path. */
    private static <T> Optional<T> unlessMissing(StorageCall<T> call) {
        try {
            return Optional.of(call.call());
        } catch (PathNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T unchecked(StorageCall<T> call) {
        try {
            return call.call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
