package dev.berth.storage.filesystem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.berth.storage.FileWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers in sibling folders share the pending folders above them, which each commit prunes once
 * empty: a writer opening its pending file while another's commit takes a shared folder still
 * succeeds (a registry writes a repository's links and media types from several threads at once).
 */
class PendingFoldersRaceTest {
    private static final int WRITERS = 4;
    private static final int ROUNDS = 120;

    @TempDir
    Path root;

    @Test
    void writersInSiblingFoldersNeverLoseTheirSharedPendingFolder() throws Exception {
        FilesystemDriver driver = new FilesystemDriver(root);
        List<Callable<Void>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(() -> {
                for (int round = 0; round < ROUNDS; round++) {
                    String path = "/repositories/shared/" + writer + "/" + round + "/link";
                    byte[] content = (writer + "/" + round).getBytes(StandardCharsets.UTF_8);
                    try (FileWriter out = driver.writer(path, false)) {
                        out.write(content);
                        out.commit();
                    }
                    assertArrayEquals(content, driver.getContent(path));
                }
                return null;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            for (Future<Void> done : pool.invokeAll(writers)) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
