package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.it.support.RegistryProcess;
import dev.berth.it.support.Tools;
import dev.berth.storage.ipfs.testing.KuboNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The official OCI conformance suite, every API and data option on (scripts/conformance.sh), against
 * Berth's jar on the IPFS driver over a real Kubo node. Reports stay in target/conformance-ipfs.
 *
 * <p>The suite's sparse data set pushes an image manifest whose layer was never uploaded; Berth
 * refuses that unless {@code berth.manifests.allow-missing-layers} is on, as it is here.
 */
class ConformanceOnIpfsTest {
    private static final Path RESULTS = Path.of("target", "conformance-ipfs").toAbsolutePath();

    @Test
    void officialConformanceSuitePassesOnTheIpfsDriver() throws Exception {
        try (KuboNode kubo = KuboNode.start();
                RegistryProcess registry = RegistryProcess.berthOnIpfs("conformance-ipfs", kubo,
                        "--berth.manifests.allow-missing-layers=true")) {
            Files.createDirectories(RESULTS);
            Tools.Result result = Tools.tryRun(List.of(Tools.REPOSITORY.resolve("scripts/conformance.sh").toString(),
                    registry.host(), RESULTS.toString()), Tools.REPOSITORY, Duration.ofMinutes(20));
            Files.writeString(RESULTS.resolve("output.log"), result.stdout() + result.stderr());
            assertEquals(0, result.exitCode(), "the suite's exit code; output in " + RESULTS.resolve("output.log")
                    + "\n" + tail(result.stdout() + result.stderr()));
            String junit = Files.readString(RESULTS.resolve("junit.xml"));
            assertTrue(junit.contains("failures=\"0\""), "junit.xml reports failures");
            assertTrue(junit.contains("errors=\"0\""), "junit.xml reports errors");
        }
    }

    private static String tail(String text) {
        return text.length() <= 6000 ? text : text.substring(text.length() - 6000);
    }
}
