package com.example.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.storage.ipfs.testing.KuboExtension;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The README's plain-Java program, run against a real Kubo with no Spring anywhere on the classpath. */
class PlainJavaEmbeddingTest {
    @RegisterExtension
    static final KuboExtension KUBO = new KuboExtension();

    @TempDir
    Path work;

    @Test
    void theReadmeProgramStoresAFileOnIpfsWithoutSpring() throws Exception {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.springframework.core.SpringVersion"),
                "storage-ipfs must not bring Spring along");
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new java.util.SplittableRandom(5).nextBytes(content);
        Path file = Files.write(work.resolve("photo.bin"), content);

        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            StoreOnIpfs.main(new String[] {KUBO.node().api().toString(), file.toString()});
        } finally {
            System.setOut(original);
        }

        assertTrue(printed.toString(StandardCharsets.UTF_8).startsWith(content.length + " bytes at /files/photo.bin, tree /ipfs/"),
                printed.toString(StandardCharsets.UTF_8));
        try (InputStream stored = KUBO.node().client().files().read("/my-app/files/photo.bin", 0, content.length)) {
            assertArrayEquals(content, stored.readAllBytes());
        }
    }
}
