package dev.berth.storage.ipfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.berth.storage.FileWriter;
import dev.berth.storage.StorageDriver;
import dev.berth.storage.ipfs.testing.KuboExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A second driver beside the first ({@link IpfsStorageDriver#besideAt}), on the same node, below
 * another MFS root: its own root CID, and its MFS changes serialised with the first's. Two drivers
 * with locks of their own lost committed files when both were written at once (Kubo's MFS is one
 * tree); drivers beside each other must never lose one.
 */
class IpfsDriversBesideEachOtherTest {
    @RegisterExtension
    static final KuboExtension KUBO = new KuboExtension();

    private static final int WRITERS_PER_ROOT = 8;
    private static final int ROUNDS = 10;

    @Test
    void concurrentCommitsIntoBothRootsNeverLoseAFile() throws Exception {
        try (IpfsStorageDriver first = IpfsStorageDriver.builder().api(KUBO.node().api()).root("/beside")
                .timeout(Duration.ofSeconds(60)).build();
                IpfsStorageDriver second = first.besideAt("/beside-other");
                ExecutorService pool = Executors.newFixedThreadPool(2 * WRITERS_PER_ROOT)) {
            for (int round = 0; round < ROUNDS; round++) {
                List<Future<String>> firstCommits = new ArrayList<>();
                List<Future<String>> secondCommits = new ArrayList<>();
                for (int i = 0; i < WRITERS_PER_ROOT; i++) {
                    String path = "/round-" + round + "/file-" + i;
                    firstCommits.add(pool.submit(() -> write(first, path)));
                    secondCommits.add(pool.submit(() -> write(second, path)));
                }
                check(first, firstCommits);
                check(second, secondCommits);
                assertEquals(2 * WRITERS_PER_ROOT, first.list("/round-" + round).size(), "files of round " + round);
                assertEquals(2 * WRITERS_PER_ROOT, second.list("/round-" + round).size(), "files beside, round " + round);
            }
            assertNotEquals(first.rootCid(), second.rootCid());
            assertEquals(second.rootCid(), KUBO.node().ipfs("files", "stat", "--hash", "/beside-other").strip());
        }
    }

    @Test
    void closingTheDriverBesideLeavesTheFirstWorking() throws Exception {
        try (IpfsStorageDriver first = IpfsStorageDriver.builder().api(KUBO.node().api()).root("/beside-closing").build()) {
            try (IpfsStorageDriver second = first.besideAt("/beside-closing-other")) {
                second.putContent("/file", new byte[] {1});
            }
            first.putContent("/file", new byte[] {2});
            assertArrayEquals(new byte[] {2}, first.getContent("/file"));
        }
    }

    private static void check(StorageDriver driver, List<Future<String>> commits) throws Exception {
        for (Future<String> commit : commits) {
            String path = commit.get();
            assertArrayEquals(content(driver, path), driver.getContent(path), path);
        }
    }

    /** A file in one piece, then a small record beside it, as a private push writes a blob and its record. */
    private static String write(StorageDriver driver, String path) throws Exception {
        try (FileWriter writer = driver.writer(path, false)) {
            writer.write(content(driver, path));
            writer.commit();
        }
        // a writer of its own rather than putContent, whose cancel after a failed commit hides the failure
        FileWriter record = driver.writer(path + "-record", false);
        try {
            record.write(new byte[] {1, 2, 3});
            record.commit();
        } catch (Exception e) {
            record.close();
            throw e;
        }
        return path;
    }

    private static byte[] content(StorageDriver driver, String path) {
        byte[] bytes = new byte[200_000 + Math.abs(path.hashCode() % 1000)];
        new SplittableRandom(path.hashCode() + System.identityHashCode(driver)).nextBytes(bytes);
        return bytes;
    }
}
