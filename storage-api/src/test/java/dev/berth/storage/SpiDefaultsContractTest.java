package dev.berth.storage;

import dev.berth.storage.inmemory.InMemoryDriver;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The contract on a driver that implements only the SPI's abstract methods, so that every default
 * method (ranged reads, open, getContent, putContent, walk, unwrap) is the interface's own.
 */
class SpiDefaultsContractTest extends StorageDriverContract {

    @Override
    protected StorageDriver newDriver() {
        return new MinimalDriver(new InMemoryDriver());
    }

    /** The in-memory driver seen through the abstract methods alone. */
    private record MinimalDriver(StorageDriver files) implements StorageDriver {
        @Override
        public String name() {
            return files.name(); // its failures name the driver behind it
        }

        @Override
        public InputStream reader(String path, long offset) throws IOException {
            return files.reader(path, offset);
        }

        @Override
        public FileWriter writer(String path, boolean append) throws IOException {
            return files.writer(path, append);
        }

        @Override
        public FileInfo stat(String path) throws IOException {
            return files.stat(path);
        }

        @Override
        public List<String> list(String path) throws IOException {
            return files.list(path);
        }

        @Override
        public void move(String sourcePath, String destPath) throws IOException {
            files.move(sourcePath, destPath);
        }

        @Override
        public void delete(String path) throws IOException {
            files.delete(path);
        }
    }
}
