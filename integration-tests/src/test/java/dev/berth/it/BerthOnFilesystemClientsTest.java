package dev.berth.it;

import dev.berth.it.support.RegistryProcess;
import dev.berth.it.support.RunningRegistry;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** crane, oras and skopeo against Berth's jar on the filesystem driver. */
class BerthOnFilesystemClientsTest extends ClientRoundTrips {
    @RegisterExtension
    static final RunningRegistry REGISTRY = new RunningRegistry(() -> RegistryProcess.berth("clients-filesystem",
            List.of("--berth.storage.driver=filesystem", "--berth.storage.filesystem.root=" + Files.createTempDirectory("berth-clients"))));

    @Override
    protected RegistryProcess registry() {
        return REGISTRY.get();
    }
}
