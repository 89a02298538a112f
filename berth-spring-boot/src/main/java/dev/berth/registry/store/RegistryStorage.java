package dev.berth.registry.store;

import dev.berth.storage.CheckedDriver;
import dev.berth.storage.FileInfo;
import dev.berth.storage.OpenedFile;
import dev.berth.storage.PathNotFoundException;
import dev.berth.storage.StorageDriver;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage driver as the registry uses it: always behind {@link CheckedDriver}, with the
 * "absent is not an error" questions the registry asks all the time, and small files read within a bound.
 */
public final class RegistryStorage {
    /** The largest small file the registry writes: a manifest (4 MiB), or a referrer's descriptor with the manifest's annotations. */
    public static final int SMALL_FILE_MAX = 4 * 1024 * 1024 + 64 * 1024;
    private static final Logger log = LoggerFactory.getLogger(RegistryStorage.class);

    private final StorageDriver driver;

    public RegistryStorage(StorageDriver driver, MeterRegistry meters) {
        this.driver = CheckedDriver.wrap(driver, meters);
    }

    public StorageDriver driver() {
        return driver;
    }

    public boolean exists(String path) {
        return size(path).isPresent();
    }

    /** The size of the file, or empty when nothing is there. */
    public Optional<Long> size(String path) {
        return stat(path).map(FileInfo::size);
    }

    /** What the driver reports about the path (its CID included, on IPFS), or empty when nothing is there. */
    public Optional<FileInfo> stat(String path) {
        return unlessMissing(() -> driver.stat(path));
    }

    /** Puts content the driver reaches by its identifier at the path, without copying it. */
    public void linkContent(String contentId, String path) {
        unchecked(() -> {
            driver.linkContent(contentId, path);
            return null;
        });
    }

    /**
     * The content of a small file, or empty when nothing is there; at most {@link #SMALL_FILE_MAX} bytes
     * of it, as {@link #read(String, int)} reads.
     */
    public Optional<byte[]> read(String path) {
        return read(path, SMALL_FILE_MAX);
    }

    /**
     * The content of a small file of at most {@code maxBytes}, or empty when nothing is there. A longer
     * file is not one the registry wrote (a tree from elsewhere may hold anything): it is logged and
     * taken as absent, and no byte past the bound is read.
     */
    public Optional<byte[]> read(String path, int maxBytes) {
        return unlessMissing(() -> {
            OpenedFile file = driver.open(path, 0, maxBytes + 1L);
            try (InputStream in = file.content()) {
                byte[] content = file.info().size() > maxBytes ? null : in.readNBytes(maxBytes + 1);
                if (content == null || content.length > maxBytes) {
                    log.warn("Ignoring {} in {}: {} bytes, more than the {} a file there may have", path, driver.name(),
                            file.info().size(), maxBytes);
                    throw new PathNotFoundException(driver.name(), path);
                }
                return content;
            }
        });
    }

    /** Replaces a small file in one step. */
    public void write(String path, byte[] content) {
        unchecked(() -> {
            driver.putContent(path, content);
            return null;
        });
    }

    /** The children of a folder; none when the folder does not exist. */
    public List<String> list(String path) {
        return unlessMissing(() -> driver.list(path)).orElse(List.of());
    }

    /** Deletes a file or folder; false when nothing was there. */
    public boolean delete(String path) {
        return unlessMissing(() -> {
            driver.delete(path);
            return true;
        }).isPresent();
    }

    public void move(String source, String destination) {
        unchecked(() -> {
            driver.move(source, destination);
            return null;
        });
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
