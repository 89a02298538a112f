package dev.berth.registry.encryption.store;

import dev.berth.storage.FileInfo;
import dev.berth.storage.FileWriter;
import dev.berth.storage.StorageDriver;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** A driver that hands every call to another, for tests to watch or alter one kind of call. */
public class ForwardingDriver implements StorageDriver {
    private final StorageDriver driver;

    public ForwardingDriver(StorageDriver driver) {
        this.driver = driver;
    }

    @Override
    public String name() {
        return driver.name();
    }

    @Override
    public InputStream reader(String path, long offset) throws IOException {
        return driver.reader(path, offset);
    }

    @Override
    public InputStream reader(String path, long offset, long length) throws IOException {
        return driver.reader(path, offset, length);
    }

    @Override
    public FileWriter writer(String path, boolean append) throws IOException {
        return driver.writer(path, append);
    }

    @Override
    public FileInfo stat(String path) throws IOException {
        return driver.stat(path);
    }

    @Override
    public List<String> list(String path) throws IOException {
        return driver.list(path);
    }

    @Override
    public void move(String sourcePath, String destPath) throws IOException {
        driver.move(sourcePath, destPath);
    }

    @Override
    public void delete(String path) throws IOException {
        driver.delete(path);
    }
}
