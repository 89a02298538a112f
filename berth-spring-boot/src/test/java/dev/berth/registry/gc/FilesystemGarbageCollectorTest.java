package dev.berth.registry.gc;

import dev.berth.storage.StorageDriver;
import dev.berth.storage.filesystem.FilesystemDriver;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FilesystemGarbageCollectorTest extends GarbageCollectorContract {
    @TempDir
    Path root;

    @Override
    protected StorageDriver driver() {
        return new FilesystemDriver(root);
    }
}
