package dev.berth.storage.ipfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.storage.CheckedDriver;
import dev.berth.storage.FileWriter;
import dev.berth.storage.PathNotFoundException;
import dev.berth.storage.StorageDriver;
import dev.berth.storage.StorageException;
import dev.berth.storage.StorageUnavailableException;
import dev.berth.storage.ipfs.kubo.AddCommand.Added;
import dev.berth.storage.ipfs.kubo.ImportOptions;
import dev.berth.storage.ipfs.testing.KuboNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/** What the driver does when Kubo crashes, hangs, goes away, comes back, or cannot find content. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class IpfsDriverFailureTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    /** Room for scheduling on a busy machine; the point is "bounded", not "exact". */
    private static final Duration SLACK = Duration.ofSeconds(3);

    @Test
    void kuboKilledDuringAWriteFailsTheWriteAndNothingAppearsAtThePath() throws Exception {
        try (KuboNode node = KuboNode.start(); IpfsStorageDriver ipfs = driver(node.api())) {
            StorageDriver driver = CheckedDriver.wrap(ipfs, new SimpleMeterRegistry());
            FileWriter writer = driver.writer("/blobs/crashed", false);
            byte[] block = bytes(1 << 20, 1);
            for (int i = 0; i < 8; i++) {
                writer.write(block);
            }
            node.kill();
            assertThrows(IOException.class, () -> {
                // The pipe holds a few MiB, so the failure shows within some more writes.
                for (int i = 0; i < 256; i++) {
                    writer.write(block);
                }
                writer.commit();
            });

            node.restart();
            assertThrows(PathNotFoundException.class, () -> driver.stat("/blobs/crashed"));
            assertEquals(List.of(), driver.list("/"));
        }
    }

    @Test
    void aClosedPortIsUnavailableWithinTheTimeout() throws Exception {
        URI nobody;
        try (ServerSocket socket = new ServerSocket(0)) {
            nobody = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        try (IpfsStorageDriver driver = driver(nobody)) {
            assertUnavailableWithinTheTimeout(() -> driver.stat("/anything"));
            assertUnavailableWithinTheTimeout(() -> driver.putContent("/anything", new byte[10]));
        }
    }

    @Test
    void aStoppedKuboIsUnavailableWithinTheTimeout() throws Exception {
        try (KuboNode node = KuboNode.start(); IpfsStorageDriver driver = driver(node.api())) {
            driver.putContent("/f", bytes(100, 1));
            node.stop();
            assertUnavailableWithinTheTimeout(() -> driver.stat("/f"));
            assertUnavailableWithinTheTimeout(() -> driver.getContent("/f"));
        }
    }

    @Test
    void aHungKuboIsUnavailableWithinTheTimeoutNotAHang() throws Exception {
        try (KuboNode node = KuboNode.start(); IpfsStorageDriver driver = driver(node.api())) {
            driver.putContent("/f", bytes(100, 1));
            node.pause();
            try {
                assertUnavailableWithinTheTimeout(() -> driver.stat("/f"));
                assertUnavailableWithinTheTimeout(() -> driver.list("/"));
            } finally {
                node.resume();
            }
        }
    }

    @Test
    void theSameDriverWorksAgainAfterKuboRestarts() throws Exception {
        try (KuboNode node = KuboNode.start(); IpfsStorageDriver driver = driver(node.api())) {
            byte[] before = bytes(300_000, 1);
            driver.putContent("/kept", before);
            node.stop();
            assertUnavailableWithinTheTimeout(() -> driver.stat("/kept"));

            node.restart();
            assertArrayEquals(before, driver.getContent("/kept"));
            byte[] after = bytes(5000, 2);
            driver.putContent("/new", after);
            assertArrayEquals(after, driver.getContent("/new"));
        }
    }

    @Test
    void readingContentThatNoReachablePeerHasFailsWithinTheTimeout() throws Exception {
        try (KuboNode local = KuboNode.start(); KuboNode remote = KuboNode.start();
                IpfsStorageDriver driver = driver(local.api())) {
            // Several blocks, so that linking the root into MFS fetches the root but not the leaves.
            byte[] content = bytes(3 << 20, 7);
            Added added = remote.client().add().add(new ByteArrayInputStream(content), ImportOptions.BERTH);
            local.connect(remote);
            local.client().files().mkdirs("/berth", ImportOptions.BERTH);
            local.client().files().cp("/ipfs/" + added.hash(), "/berth/remote");
            remote.stop();

            assertEquals(content.length, driver.stat("/remote").size(), "the root block is local");
            assertUnavailableWithinTheTimeout(() -> {
                try (InputStream in = driver.reader("/remote", 0)) {
                    in.readAllBytes();
                }
            });
        }
    }

    private static IpfsStorageDriver driver(URI api) {
        return IpfsStorageDriver.builder().api(api).root("/berth").timeout(TIMEOUT).build();
    }

    private static void assertUnavailableWithinTheTimeout(Executable operation) {
        long start = System.nanoTime();
        StorageException e = assertThrows(StorageUnavailableException.class, operation);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(elapsed.compareTo(TIMEOUT.plus(SLACK)) < 0, "took " + elapsed + ": " + e.getMessage());
        assertEquals(IpfsStorageDriver.NAME, e.driverName());
    }

    private static byte[] bytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }
}
