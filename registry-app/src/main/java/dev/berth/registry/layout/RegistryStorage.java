package dev.berth.registry.layout;

import dev.berth.storage.CheckedDriver;
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
        try {
            driver.stat(path);
            return true;
        } catch (PathNotFoundException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The size of the file, or empty when nothing is there. */
    public Optional<Long> size(String path) {
        try {
            return Optional.of(driver.stat(path).size());
        } catch (PathNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The content of a small file, or empty when nothing is there. */
    public Optional<byte[]> read(String path) {
        try {
            return Optional.of(driver.getContent(path));
        } catch (PathNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces a small file in one step. */
    public void write(String path, byte[] content) {
        try {
            driver.putContent(path, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The children of a folder; none when the folder does not exist. */
    public List<String> list(String path) {
        try {
            return driver.list(path);
        } catch (PathNotFoundException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a file or folder; false when nothing was there. */
    public boolean delete(String path) {
        try {
            driver.delete(path);
            return true;
        } catch (PathNotFoundException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void move(String source, String destination) {
        try {
            driver.move(source, destination);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
