package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The official OCI conformance suite, every API and data option on (scripts/conformance.sh),
 * against the registry on the filesystem driver. Its reports stay in target/conformance-filesystem.
 *
 * <p>Sparse images are accepted here because the suite's sparse data set pushes an image whose
 * layer was never uploaded; by default the registry refuses that.
 */
@Tag("conformance")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "berth.manifests.allow-missing-layers=true")
class ConformanceSuiteTest {
    private static final Path RESULTS = Path.of("target", "conformance-filesystem").toAbsolutePath();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void filesystemDriver(DynamicPropertyRegistry properties) {
        properties.add("berth.storage.driver", () -> "filesystem");
        properties.add("berth.storage.filesystem.root", () -> Path.of("target", "conformance-storage", UUID.randomUUID().toString()).toAbsolutePath().toString());
    }

    @Test
    void officialConformanceSuitePassesOnTheFilesystemDriver() throws Exception {
        Path script = Path.of("..", "scripts", "conformance.sh").toAbsolutePath().normalize();
        Files.createDirectories(RESULTS);
        Process process = new ProcessBuilder(script.toString(), "127.0.0.1:" + port, RESULTS.toString())
                .redirectErrorStream(true)
                .redirectOutput(RESULTS.resolve("output.log").toFile())
                .start();
        boolean finished = process.waitFor(15, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(RESULTS.resolve("output.log"));
        assertThat(finished).as("the suite finished within 15 minutes").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(Files.readString(RESULTS.resolve("junit.xml"))).contains("failures=\"0\"");
    }
}
