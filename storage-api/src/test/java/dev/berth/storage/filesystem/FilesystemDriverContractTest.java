package dev.berth.storage.filesystem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.storage.StorageDriver;
import dev.berth.storage.StorageDriverContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

class FilesystemDriverContractTest extends StorageDriverContract {
    @TempDir
    Path root;

    @Override
    protected StorageDriver newDriver() {
        return new FilesystemDriver(root);
    }

    @Override
    protected void closeDriver(StorageDriver driver) throws IOException {
        // Beyond the contract: no pending file outlives the test's delete.
        try (Stream<Path> left = Files.walk(root.resolve(FilesystemDriver.PARTIAL))) {
            assertEquals(0, left.filter(Files::isRegularFile).count(), "pending files left behind");
        }
    }
}
