package dev.berth.it;

import dev.berth.it.support.RegistryProcess;
import dev.berth.it.support.RunningRegistry;
import dev.berth.it.support.Tools;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * crane, oras and skopeo against an ordinary Spring Boot application whose only addition is
 * Berth's starter (examples/spring-boot-starter-app), run as its own executable jar.
 */
class StarterApplicationClientsTest extends ClientRoundTrips {
    @RegisterExtension
    static final RunningRegistry REGISTRY = new RunningRegistry(() -> RegistryProcess.springBootJar("starter-application",
            Tools.REPOSITORY.resolve("examples/spring-boot-starter-app/target/my-registry-0.1.0-SNAPSHOT.jar"),
            List.of("--berth.storage.filesystem.root=" + Files.createTempDirectory("berth-starter-app"))));

    @Override
    protected RegistryProcess registry() {
        return REGISTRY.get();
    }
}
