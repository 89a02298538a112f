package com.example.storage;

import dev.berth.storage.StorageDriver;
import dev.berth.storage.StorageDriverContract;
import dev.berth.storage.filesystem.FilesystemDriver;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class MyDriverContractTest extends StorageDriverContract {
    @TempDir
    Path root;

    @Override
    protected StorageDriver newDriver() {
        return new FilesystemDriver(root); // your driver, over an empty root
    }
}
