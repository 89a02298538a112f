package dev.berth.it;

import dev.berth.it.support.RegistryProcess;
import dev.berth.it.support.RunningRegistry;
import dev.berth.storage.ipfs.testing.KuboExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** crane, oras and skopeo against Berth's jar on the IPFS driver over a real Kubo node. */
class BerthOnIpfsClientsTest extends ClientRoundTrips {
    @RegisterExtension
    static final KuboExtension KUBO = new KuboExtension();

    @RegisterExtension
    static final RunningRegistry REGISTRY = new RunningRegistry(() -> RegistryProcess.berthOnIpfs("clients-ipfs", KUBO.node()));

    @Override
    protected RegistryProcess registry() {
        return REGISTRY.get();
    }
}
