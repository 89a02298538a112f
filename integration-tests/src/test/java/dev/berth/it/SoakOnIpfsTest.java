package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.it.soak.SoakHarness;
import dev.berth.it.soak.SoakReport;
import dev.berth.it.soak.SoakSettings;
import dev.berth.it.support.Tools;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load and soak: 32 clients on virtual threads push (chunked and whole), pull, HEAD, list tags, read
 * the catalog and delete, against the standalone jar on IPFS with a Kubo of its own, all on
 * loopback, for {@code -Dberth.soak.duration} (1 minute unless set; {@code PT5M} for the long run)
 * after a warm-up. Not one request may fail, and the registry must hold as much at the end as
 * after warm-up. The report goes to {@code integration-tests/target/soak-report.md}.
 */
class SoakOnIpfsTest {
    @TempDir
    Path work;

    @Test
    void clientsMixingEveryOperationGetNoErrorAndTheRegistryHoldsNoMoreAtTheEnd() throws Exception {
        SoakSettings settings = SoakSettings.fromSystemProperties();
        SoakReport report = SoakHarness.run(settings, work);
        Path file = Tools.REPOSITORY.resolve("integration-tests/target/soak-report.md");
        report.write(file);
        System.out.println(report.render());

        assertEquals(0, report.errors(), "requests failed, first: " + report.firstErrors() + "\n" + report.render());
        assertEquals(List.of(), report.idleOperations(), "operations never done\n" + report.render());
        for (SoakReport.Comparison comparison : report.comparisons()) {
            assertTrue(comparison.holds(), comparison + "\n" + report.render());
        }
    }
}
