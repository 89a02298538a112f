package dev.berth.it;

import dev.berth.it.support.RegistryProcess;
import dev.berth.storage.ipfs.testing.KuboNode;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** crane, oras and skopeo against Berth's jar on the IPFS driver over a real Kubo node. */
class BerthOnIpfsClientsTest extends ClientRoundTrips {
    static KuboNode kubo;
    static RegistryProcess registry;

    @BeforeAll
    static void start() throws IOException {
        kubo = KuboNode.start();
        registry = RegistryProcess.berthOnIpfs("clients-ipfs", kubo);
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (kubo != null) {
            kubo.close();
        }
    }

    @Override
    protected RegistryProcess registry() {
        return registry;
    }
}
