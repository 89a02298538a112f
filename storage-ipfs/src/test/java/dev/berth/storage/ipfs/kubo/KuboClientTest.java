package dev.berth.storage.ipfs.kubo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.storage.ipfs.testing.KuboExtension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The client against a real Kubo: Kubo's error shapes and streamed bodies. */
class KuboClientTest {
    @RegisterExtension
    static final KuboExtension KUBO = new KuboExtension();

    @Test
    void aMissingMfsPathIsPathNotFound() {
        KuboException e = assertThrows(KuboException.class, () -> KUBO.node().client().files().stat("/no/such/path"));
        assertTrue(e.isPathNotFound(), e.getMessage());
        assertEquals("files/stat", e.command());
    }

    @Test
    void aFailedRemovalIsAnErrorThoughKuboAnswers200() {
        KuboException e = assertThrows(KuboException.class, () -> KUBO.node().client().files().rm("/never/made"));
        assertTrue(e.isPathNotFound(), e.getMessage());
    }

    @Test
    void anOtherErrorCarriesKubosMessageAndIsNotNotFound() {
        KuboException e = assertThrows(KuboException.class, () -> KUBO.node().client().cat().cat("/ipfs/not-a-cid", 0, -1));
        assertFalse(e.isPathNotFound(), e.getMessage());
        assertFalse(e.kuboMessage().isBlank());
    }

    @Test
    void addedContentStreamsBackFromAnOffset() throws IOException {
        byte[] content = new byte[700_000];
        new SplittableRandom(3).nextBytes(content);
        KuboClient kubo = KUBO.node().client();
        AddCommand.Added added = kubo.add().add(new ByteArrayInputStream(content), ImportOptions.BERTH);
        assertEquals(content.length, kubo.files().stat("/ipfs/" + added.hash()).size());
        try (InputStream in = kubo.cat().cat("/ipfs/" + added.hash(), 100, content.length - 100)) {
            assertArrayEquals(java.util.Arrays.copyOfRange(content, 100, content.length), in.readAllBytes());
        }
    }

    @Test
    void theNodeReportsItsIdentityAndVersion() throws IOException {
        KuboClient kubo = KUBO.node().client();
        assertEquals(KUBO.node().peerId(), kubo.node().id().id());
        assertFalse(kubo.node().version().version().isBlank());
    }

    @Test
    void theRepositoryReportsItsSizeAndLimit() throws IOException {
        RepoCommands.Usage usage = KUBO.node().client().repo().stat();
        assertTrue(usage.repoSize() > 0, "an initialised repository holds something: " + usage);
        assertTrue(usage.storageMax() > 0, "Kubo always has a limit (10 GB by default): " + usage);
    }
}
