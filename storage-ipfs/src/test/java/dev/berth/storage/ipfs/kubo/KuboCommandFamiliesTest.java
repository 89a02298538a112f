package dev.berth.storage.ipfs.kubo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.storage.ipfs.testing.KuboNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Pins, IPNS names and keys, CAR export and import, and swarm peers, on real nodes. */
class KuboCommandFamiliesTest {
    @Test
    void pinsKeysNamesCarsAndPeersWorkAcrossTwoNodes() throws Exception {
        byte[] content = new byte[400_000];
        new SplittableRandom(9).nextBytes(content);
        try (KuboNode first = KuboNode.start(); KuboNode second = KuboNode.start()) {
            KuboClient kubo = first.client();
            String cid = kubo.add().add(new ByteArrayInputStream(content), ImportOptions.BERTH).hash();

            assertFalse(kubo.pins().isPinned(cid), "add with pin=false");
            kubo.pins().add(cid);
            assertTrue(kubo.pins().isPinned(cid));
            kubo.pins().remove(cid);
            assertFalse(kubo.pins().isPinned(cid));

            NameCommands.Key key = kubo.names().generateKey("registry");
            assertTrue(kubo.names().keys().contains(key));
            NameCommands.Published published = kubo.names().publish("/ipfs/" + cid, "registry", Duration.ofHours(1), true);
            assertEquals(key.id(), published.name().replace("/ipns/", ""));
            // name/resolve needs a routing system; these nodes run with Routing.Type=none.
            assertEquals("/ipfs/" + cid, published.value());

            // A CAR carries the blocks to a node that is not connected to this one.
            try (InputStream car = kubo.dag().export(cid)) {
                second.client().dag().importCar(car, false);
            }
            try (InputStream in = second.client().cat().cat("/ipfs/" + cid, 0, content.length)) {
                assertArrayEquals(content, in.readAllBytes());
            }

            first.connect(second);
            assertTrue(kubo.swarm().peers().stream().anyMatch(peer -> peer.peer().equals(second.peerId())));
        }
    }
}
