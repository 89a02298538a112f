package dev.berth.storage.ipfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.storage.CheckedDriver;
import dev.berth.storage.InvalidPathException;
import dev.berth.storage.PathNotFoundException;
import dev.berth.storage.StorageDriver;
import dev.berth.storage.StorageUnavailableException;
import dev.berth.storage.ipfs.testing.KuboExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The published tree on a real node, reached as the registry reaches it (a capability of the driver
 * behind {@code CheckedDriver}): names storage paths cannot hold, links without copies, CIDs.
 */
class PublishedTreeTest {
    @RegisterExtension
    static final KuboExtension KUBO = new KuboExtension();
    private static final AtomicInteger ROOTS = new AtomicInteger();

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private IpfsStorageDriver ipfs;
    private PublishedTree tree;

    @BeforeEach
    void driverOnAFreshRoot() {
        ipfs = IpfsStorageDriver.builder().api(KUBO.node().api()).root("/published-" + ROOTS.incrementAndGet()).build();
        tree = CheckedDriver.wrap(ipfs, meters).unwrap(PublishedTree.class).orElseThrow();
    }

    @AfterEach
    void close() throws IOException {
        ipfs.close();
    }

    @Test
    void gatewayStyleNamesHoldContentAndFollowTheDriversFiles() throws IOException {
        ipfs.putContent("/blobs/data", "manifest".getBytes(StandardCharsets.UTF_8));
        tree.link("/blobs/data", "/v2/app/manifests/sha256:abc");
        tree.write("/v2/app/tags/list", "{\"tags\":[]}".getBytes(StandardCharsets.UTF_8));

        assertEquals(List.of("sha256:abc"), tree.list("/v2/app/manifests"));
        String root = tree.cid("/");
        assertEquals(root, ipfs.rootCid());
        assertArrayEquals("manifest".getBytes(StandardCharsets.UTF_8),
                KUBO.node().client().cat().cat("/ipfs/" + root + "/v2/app/manifests/sha256:abc", 0, 8).readAllBytes());
        assertEquals("{\"tags\":[]}", KUBO.node().ipfs("cat", "/ipfs/" + root + "/v2/app/tags/list"));
        // Storage paths cannot name sha256:abc, so the driver's listings leave it out.
        assertEquals(List.of(), ipfs.list("/v2/app/manifests"));
    }

    @Test
    void linkingTheSameContentTwiceChangesNothingAndOtherContentReplacesIt() throws IOException {
        ipfs.putContent("/a", "one".getBytes(StandardCharsets.UTF_8));
        ipfs.putContent("/b", "two".getBytes(StandardCharsets.UTF_8));
        tree.link("/a", "/x/link");
        String first = tree.cid("/x");
        tree.link("/a", "/x/link");
        assertEquals(first, tree.cid("/x"));
        tree.link("/b", "/x/link");
        assertNotEquals(first, tree.cid("/x"));
        assertEquals("two", KUBO.node().ipfs("cat", "/ipfs/" + tree.cid("/x") + "/link"));
    }

    @Test
    void foldersLinkAndMoveAsAWholeAndRemoveSaysWhetherAnythingWasThere() throws IOException {
        ipfs.putContent("/repo/tags/v1/link", "sha256:1".getBytes(StandardCharsets.UTF_8));
        tree.link("/repo/tags", "/image/tags");
        tree.move("/image", "/images/one");
        assertTrue(tree.exists("/images/one/tags/v1/link"));
        assertFalse(tree.exists("/image"));
        assertTrue(tree.remove("/images/one"));
        assertFalse(tree.remove("/images/one"));
        assertEquals(List.of(), tree.list("/images/one"));
    }

    @Test
    void missingSourcesAndCidsOfMissingPathsAreNotFound() {
        assertThrows(PathNotFoundException.class, () -> tree.link("/nothing", "/x"));
        assertThrows(PathNotFoundException.class, () -> tree.cid("/nothing"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "relative", "/a/../b", "/a/./b", "/a//b", "/a/", "/a b", "/a/.."})
    void pathsOutsideTheTreeAreRefused(String path) {
        InvalidPathException e = assertThrows(InvalidPathException.class, () -> tree.exists(path));
        assertEquals(IpfsStorageDriver.NAME, e.driverName());
    }

    @Test
    void anUnreachableKuboIsUnavailableAndCountedSo() throws IOException {
        try (IpfsStorageDriver gone = IpfsStorageDriver.builder().api(URI.create("http://127.0.0.1:9"))
                .timeout(Duration.ofSeconds(2)).build()) {
            PublishedTree unreachable = CheckedDriver.wrap(gone, meters).unwrap(PublishedTree.class).orElseThrow();
            assertThrows(StorageUnavailableException.class, () -> unreachable.cid("/"));
            assertThrows(StorageUnavailableException.class, () -> unreachable.write("/a", new byte[1]));
        }
        assertEquals(1, timerCount("published_tree.cid", "unavailable"));
        assertEquals(1, timerCount("published_tree.write", "unavailable"));
    }

    @Test
    void everyCallIsTimedLikeTheDriversOwnCalls() throws IOException {
        ipfs.putContent("/a", "one".getBytes(StandardCharsets.UTF_8));
        tree.link("/a", "/b:link");
        tree.write("/c", new byte[1]);
        tree.cid("/");
        assertThrows(PathNotFoundException.class, () -> tree.link("/missing", "/x"));
        assertThrows(InvalidPathException.class, () -> tree.remove("/a/../b"));

        assertEquals(1, timerCount("published_tree.link", "success"));
        assertEquals(1, timerCount("published_tree.write", "success"));
        assertEquals(1, timerCount("published_tree.cid", "success"));
        assertEquals(1, timerCount("published_tree.link", "not_found"));
        assertEquals(1, timerCount("published_tree.remove", "invalid_path"));
    }

    @Test
    void theDriverHandsOutItsTreeAndItsKuboStatusAndNothingElse() throws IOException {
        StorageDriver checked = CheckedDriver.wrap(ipfs, meters);
        assertTrue(ipfs.unwrap(PublishedTree.class).isPresent());
        assertEquals(KUBO.node().client().node().version().version(), checked.unwrap(KuboStatus.class).orElseThrow().version());
        assertEquals(1, timerCount("kubo_status.version", "success"));
        assertSame(ipfs, checked.unwrap(IpfsStorageDriver.class).orElseThrow());
        assertTrue(checked.unwrap(Runnable.class).isEmpty());
    }

    private long timerCount(String operation, String outcome) {
        return meters.get("berth.storage.operations")
                .tags("driver", IpfsStorageDriver.NAME, "operation", operation, "outcome", outcome).timer().count();
    }

    @Test
    void aKeyIsMadeOnceAndRootsPublishUnderIt() throws IOException {
        String name = tree.ipnsName("published-tree-test");
        assertEquals(name, tree.ipnsName("published-tree-test"));
        String published = tree.publish(tree.cid("/"), "published-tree-test", Duration.ofHours(1));
        assertTrue(published.endsWith(name), published + " names " + name);
    }
}
