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

/**
 * The storage driver as the registry uses it: always behind {@link CheckedDriver}, with the
 * "absent is not an error" questions the registry asks all the time.
 */
public final class RegistryStorage {
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

    /** The content of a small file, or empty when nothing is there. */
    public Optional<byte[]> read(String path) {
        return unlessMissing(() -> driver.getContent(path));
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
