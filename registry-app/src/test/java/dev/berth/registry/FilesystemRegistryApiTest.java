package dev.berth.registry;

import java.nio.file.Path;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class FilesystemRegistryApiTest extends RegistryApiContract {

    @DynamicPropertySource
    static void filesystemDriver(DynamicPropertyRegistry properties) {
        Path root = Path.of("target", "test-storage", UUID.randomUUID().toString()).toAbsolutePath();
        properties.add("berth.storage.driver", () -> "filesystem");
        properties.add("berth.storage.filesystem.root", root::toString);
    }
}
