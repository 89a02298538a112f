package dev.berth.storage.ipfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.storage.FileWriter;
import dev.berth.storage.StorageDriver;
import dev.berth.storage.ipfs.testing.KuboExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many pushes at once, as a busy registry makes them: concurrent new files, appends and commits into
 * one folder and into sibling folders, repeated. MFS once lost an entry under such load; no
 * committed file may ever go missing.
 */
class IpfsConcurrentCommitsTest {
    @RegisterExtension
    static final KuboExtension KUBO = new KuboExtension();

    private static final int WRITERS = 16;
    private static final int ROUNDS = 6;

    @Test
    void concurrentCommitsNeverLoseAFile() throws Exception {
        try (IpfsStorageDriver driver = IpfsStorageDriver.builder().api(KUBO.node().api()).root("/concurrent")
                .timeout(Duration.ofSeconds(30)).build();
                ExecutorService pool = Executors.newFixedThreadPool(WRITERS)) {
            for (int round = 0; round < ROUNDS; round++) {
                List<Future<String>> commits = new ArrayList<>();
                for (int i = 0; i < WRITERS; i++) {
                    String path = i % 2 == 0 ? "/round-" + round + "/shared/file-" + i : "/round-" + round + "/own-" + i + "/file";
                    commits.add(pool.submit(() -> write(driver, path)));
                }
                for (Future<String> commit : commits) {
                    String path = commit.get();
                    assertArrayEquals(content(path), driver.getContent(path), path);
                }
                assertEquals(WRITERS / 2, driver.list("/round-" + round + "/shared").size(), "files in the shared folder");
                assertEquals(WRITERS / 2 + 1, driver.list("/round-" + round).size(), "folders of round " + round);
            }
        }
    }

    @Test
    void aWriterStreamingSlowlyHoldsNoLockThatOtherCommitsNeed() throws Exception {
        try (IpfsStorageDriver driver = IpfsStorageDriver.builder().api(KUBO.node().api()).root("/slow")
                .timeout(Duration.ofSeconds(30)).build()) {
            driver.putContent("/upload", content("/upload"));
            FileWriter slow = driver.writer("/upload", true); // an append: its bytes stream while the client sends them
            slow.write(new byte[3 * 1024 * 1024]);
            long started = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                driver.putContent("/other/file-" + i, content("/other/file-" + i));
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            slow.write(new byte[1024]);
            slow.commit();
            assertEquals(content("/upload").length + 3 * 1024 * 1024 + 1024, driver.stat("/upload").size());
            assertTrue(millis < 20_000, "other commits went on while the append streamed: " + millis + " ms");
            assertEquals(5, driver.list("/other").size());
        }
    }

    /** A new file written in two sittings: an upload resumed once, as a chunked push does. */
    private static String write(StorageDriver driver, String path) throws Exception {
        byte[] content = content(path);
        int half = content.length / 2;
        try (FileWriter writer = driver.writer(path, false)) {
            writer.write(content, 0, half);
        }
        try (FileWriter writer = driver.writer(path, true)) {
            writer.write(content, half, content.length - half);
            writer.commit();
        }
        return path;
    }

    private static byte[] content(String path) {
        byte[] bytes = new byte[300_000 + Math.abs(path.hashCode() % 1000)];
        new java.util.SplittableRandom(path.hashCode()).nextBytes(bytes);
        return bytes;
    }
}
