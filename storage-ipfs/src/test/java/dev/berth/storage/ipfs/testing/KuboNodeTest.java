package dev.berth.storage.ipfs.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.storage.ipfs.kubo.AddCommand.Added;
import dev.berth.storage.ipfs.kubo.ImportOptions;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fixture itself: independent nodes that can be connected, killed and brought back. */
class KuboNodeTest {
    @Test
    void twoNodesAreIndependentUntilConnectedThenShareBlocks() throws Exception {
        try (KuboNode first = KuboNode.start(); KuboNode second = KuboNode.start()) {
            assertNotEquals(first.api(), second.api());
            assertNotEquals(first.peerId(), second.peerId());
            byte[] content = new byte[600_000];
            new SplittableRandom(5).nextBytes(content);
            Added added = second.client().add().add(new ByteArrayInputStream(content), ImportOptions.BERTH);

            first.connect(second);
            try (InputStream in = first.client().cat().cat("/ipfs/" + added.hash(), 0, content.length)) {
                assertArrayEquals(content, in.readAllBytes());
            }
        }
    }

    @Test
    void aKilledNodeRestartsOnTheSameRepositoryAndPorts() throws Exception {
        Path repo;
        try (KuboNode node = KuboNode.start()) {
            repo = node.repo();
            URI api = node.api();
            URI gateway = node.gateway();
            node.kill();
            assertFalse(node.isRunning());

            node.restart();
            assertTrue(node.isRunning());
            assertEquals(api, node.api());
            assertEquals(gateway, node.gateway());
            assertEquals(node.peerId(), node.client().node().id().id());
        }
        assertFalse(Files.exists(repo), "the repository is deleted on close");
    }
}
