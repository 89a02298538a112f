package dev.berth.it;

import dev.berth.it.support.RegistryProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** crane, oras and skopeo against Berth's jar on the filesystem driver. */
class BerthOnFilesystemClientsTest extends ClientRoundTrips {
    static RegistryProcess registry;

    @BeforeAll
    static void start() throws IOException {
        registry = RegistryProcess.berth("clients-filesystem", List.of("--berth.storage.driver=filesystem",
                "--berth.storage.filesystem.root=" + Files.createTempDirectory("berth-clients")));
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Override
    protected RegistryProcess registry() {
        return registry;
    }
}
