package dev.berth.storage.ipfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.storage.CheckedDriver;
import dev.berth.storage.OpenedFile;
import dev.berth.storage.PathNotFoundException;
import dev.berth.storage.StorageDriver;
import dev.berth.storage.StorageUnavailableException;
import dev.berth.storage.UnsupportedStorageOperationException;
import dev.berth.storage.ipfs.kubo.KuboClient;
import dev.berth.storage.ipfs.testing.KuboNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A published tree, read back read-only through its CID by another node, and linked into that node's own store. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class IpfsTreeDriverTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    @Test
    void readsAFlushedTreeByCidFromAnotherNodeAndRefusesWrites() throws Exception {
        try (KuboNode publisher = KuboNode.start(); KuboNode reader = KuboNode.start();
                IpfsStorageDriver mfs = IpfsStorageDriver.builder().api(publisher.api()).root("/published").build();
                KuboClient kubo = client(reader.api())) {
            mfs.putContent("/a/b/file", "hello tree".getBytes(StandardCharsets.UTF_8));
            mfs.putContent("/a/other", new byte[0]);
            String cid = mfs.rootCid();
            reader.connect(publisher);

            StorageDriver tree = CheckedDriver.wrap(IpfsTreeDriver.of(kubo, "/ipfs/" + cid), new SimpleMeterRegistry());
            assertEquals(List.of("/a/b", "/a/other"), tree.list("/a"));
            assertTrue(tree.stat("/a/b").directory());
            assertEquals(10, tree.stat("/a/b/file").size());
            try (InputStream in = tree.reader("/a/b/file", 6)) {
                assertArrayEquals("tree".getBytes(StandardCharsets.UTF_8), in.readAllBytes());
            }
            assertEquals(mfs.stat("/a/b/file").contentId(), tree.stat("/a/b/file").contentId());
            assertThrows(PathNotFoundException.class, () -> tree.stat("/a/missing"));
            assertThrows(PathNotFoundException.class, () -> tree.list("/a/b/file"));
            assertThrows(UnsupportedStorageOperationException.class, () -> tree.putContent("/a/new", new byte[1]));
            assertThrows(UnsupportedStorageOperationException.class, () -> tree.delete("/a/b/file"));

            // The reader's own store links what it read, by CID, without copying it.
            try (IpfsStorageDriver own = IpfsStorageDriver.builder().api(reader.api()).root("/own").build()) {
                own.linkContent(tree.stat("/a/b/file").contentId().orElseThrow(), "/kept/file");
                assertArrayEquals("hello tree".getBytes(StandardCharsets.UTF_8), own.getContent("/kept/file"));
                assertEquals(tree.stat("/a/b/file").contentId(), own.stat("/kept/file").contentId());
            }
        }
    }

    @Test
    void aTreeNoReachablePeerProvidesFailsWithinTheTimeout() throws Exception {
        try (KuboNode publisher = KuboNode.start(); KuboNode reader = KuboNode.start();
                IpfsStorageDriver mfs = IpfsStorageDriver.builder().api(publisher.api()).root("/published").build();
                KuboClient kubo = client(reader.api())) {
            mfs.putContent("/only-on-the-publisher", new byte[] {1, 2, 3});
            StorageDriver tree = CheckedDriver.wrap(IpfsTreeDriver.of(kubo, "/ipfs/" + mfs.rootCid()), new SimpleMeterRegistry());

            Instant start = Instant.now();
            assertThrows(StorageUnavailableException.class, () -> tree.stat("/"));
            Duration took = Duration.between(start, Instant.now());
            assertTrue(took.compareTo(TIMEOUT.multipliedBy(3)) < 0, "gave up after " + took);
        }
    }

    @Test
    void aRangeReadFromAPeerFetchesNoMoreThanKubosReadAheadEvenWhileTheStreamStaysOpen() throws Exception {
        int mib = 1 << 20;
        byte[] content = new byte[32 * mib];
        new java.util.SplittableRandom(3).nextBytes(content);
        try (KuboNode publisher = KuboNode.start(); KuboNode reader = KuboNode.start();
                IpfsStorageDriver mfs = IpfsStorageDriver.builder().api(publisher.api()).root("/published").build();
                KuboClient kubo = client(reader.api())) {
            mfs.putContent("/big", content);
            reader.connect(publisher);
            StorageDriver tree = CheckedDriver.wrap(IpfsTreeDriver.of(kubo, "/ipfs/" + mfs.rootCid()), new SimpleMeterRegistry());

            try (OpenedFile opened = tree.open("/big", 5 * mib + 7, 1000)) {
                assertEquals(content.length, opened.info().size());
                assertArrayEquals(java.util.Arrays.copyOfRange(content, 5 * mib + 7, 5 * mib + 1007), opened.content().readNBytes(1000));
                Thread.sleep(2000); // a stream of the rest of the file would go on fetching meanwhile
                // Kubo reads ahead up to 10 children of a node (boxo's DAG reader): 10 leaves of 256 KiB
                // and the root, of a 32 MiB file.
                long received = bitswapDataReceived(reader);
                assertTrue(received >= 262_144 && received < 11 * 262_144, "fetched " + received + " bytes for a 1000-byte range");
                assertEquals(-1, opened.content().read(), "the stream ends with the range");
            }
        }
    }

    private static long bitswapDataReceived(KuboNode node) throws java.io.IOException {
        return tools.jackson.databind.json.JsonMapper.shared()
                .readTree(node.ipfs("bitswap", "stat", "--enc=json")).get("DataReceived").asLong();
    }

    @Test
    void onlyImmutableTreesAreAccepted() {
        try (KuboClient kubo = client(URI.create("http://127.0.0.1:1"))) {
            assertThrows(IllegalArgumentException.class, () -> IpfsTreeDriver.of(kubo, "/berth"));
            assertThrows(IllegalArgumentException.class, () -> IpfsTreeDriver.of(kubo, "/ipns/example.com"));
            assertThrows(IllegalArgumentException.class, () -> IpfsTreeDriver.of(kubo, "/ipfs/bafy/../elsewhere"));
            assertTrue(IpfsTreeDriver.isTree("/ipfs/bafy/registry"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static KuboClient client(URI api) {
        return KuboClient.builder().api(api).timeout(TIMEOUT).build();
    }
}
