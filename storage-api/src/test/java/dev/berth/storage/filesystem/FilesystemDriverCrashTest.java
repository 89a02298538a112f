package dev.berth.storage.filesystem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.storage.FileWriter;
import dev.berth.storage.StorageDriver;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process killed in the middle of a write leaves the old content, whole, at the path. */
class FilesystemDriverCrashTest {
    @TempDir
    Path root;

    @Test
    void processKilledMidWriteLeavesTheOldContentWhole() throws Exception {
        byte[] old = "committed before the crash".getBytes(StandardCharsets.UTF_8);
        new FilesystemDriver(root).putContent("/repo/blob", old);

        Process writer = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                EndlessWriter.class.getName(), root.toString(), "/repo/blob")
                .redirectErrorStream(true)
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals(EndlessWriter.READY, out.readLine(), "the child's first line");
            writer.destroyForcibly();
            assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
        }

        StorageDriver restarted = new FilesystemDriver(root);
        assertArrayEquals(old, restarted.getContent("/repo/blob"));
        assertEquals(List.of("/repo/blob"), restarted.list("/repo"));
        assertEquals(List.of("/repo"), restarted.list("/"));
        assertFalse(writer.isAlive());
    }

    /** Writes to the path forever, without committing, after saying it has started. */
    public static final class EndlessWriter {
        static final String READY = "writing";

        public static void main(String[] args) throws Exception {
            FileWriter writer = new FilesystemDriver(Path.of(args[0])).writer(args[1], false);
            byte[] block = new byte[1 << 20];
            for (int i = 0; i < 8; i++) {
                writer.write(block);
            }
            System.out.println(READY);
            System.out.flush();
            while (true) {
                writer.write(block);
                writer.flush();
            }
        }
    }
}
