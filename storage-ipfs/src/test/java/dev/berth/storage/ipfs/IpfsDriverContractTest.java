package dev.berth.storage.ipfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.storage.StorageDriver;
import dev.berth.storage.StorageDriverContract;
import dev.berth.storage.ipfs.kubo.FilesCommands.Entry;
import dev.berth.storage.ipfs.kubo.KuboException;
import dev.berth.storage.ipfs.testing.KuboExtension;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole driver contract on a real Kubo node: one node for the class, a fresh MFS root per test. */
class IpfsDriverContractTest extends StorageDriverContract {
    @RegisterExtension
    static final KuboExtension KUBO = new KuboExtension();

    private String root;

    @Override
    protected StorageDriver newDriver() {
        root = "/berth-test-" + UUID.randomUUID();
        return IpfsStorageDriver.builder()
                .api(KUBO.node().api())
                .root(root)
                .timeout(Duration.ofSeconds(30))
                .gatewayUrl(KUBO.node().gateway())
                .build();
    }

    @Override
    protected void closeDriver(StorageDriver driver) throws Exception {
        try {
            // Beyond the contract: every pending file was discarded by the test's delete.
            List<Entry> left = KUBO.node().client().files().ls(root + MfsLayout.PARTIAL_SUFFIX);
            assertEquals(List.of(), left, "pending content left behind");
        } catch (KuboException noPendingFolder) {
            // Nothing was ever written.
        } finally {
            removeQuietly(root);
            removeQuietly(root + MfsLayout.PARTIAL_SUFFIX);
            ((IpfsStorageDriver) driver).close();
        }
    }

    private static void removeQuietly(String mfsPath) {
        try {
            KUBO.node().client().files().rm(mfsPath);
        } catch (Exception absent) {
            // Never made.
        }
    }
}
