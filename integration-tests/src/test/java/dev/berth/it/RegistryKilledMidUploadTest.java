package dev.berth.it;

import static dev.berth.it.support.Http.sha256;
import static dev.berth.it.support.Http.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.it.support.Http;
import dev.berth.it.support.RegistryProcess;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry's JVM killed (SIGKILL) while a chunk of an upload streams in, then started again on
 * the same storage: the upload goes on from what was stored, and its blob checks out; an upload
 * nobody comes back to is removed by garbage collection, pending bytes included.
 */
class RegistryKilledMidUploadTest {
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path work;

    @Test
    void anUploadCutByAKilledRegistryResumesAfterRestartOrExpiresCleanly() throws Exception {
        Path storage = work.resolve("storage");
        List<String> arguments = List.of("--berth.storage.driver=filesystem", "--berth.storage.filesystem.root=" + storage,
                "--berth.gc.upload-expiry=1s", "--management.endpoints.web.exposure.include=health,gc");
        byte[] blob = new byte[3 * MIB];
        new Random(7).nextBytes(blob);
        String resumed;
        String abandoned;
        RegistryProcess first = RegistryProcess.berth("killed-mid-upload", arguments);
        try {
            Http http = new Http(first.url());
            resumed = start(http);
            HttpResponse<byte[]> firstChunk = http.send("PATCH", resumed, Arrays.copyOf(blob, MIB),
                    "Content-Type", "application/octet-stream", "Content-Range", "0-" + (MIB - 1));
            assertEquals(202, firstChunk.statusCode(), text(firstChunk));
            assertEquals("0-" + (MIB - 1), firstChunk.headers().firstValue("Range").orElseThrow());
            abandoned = start(http);
            assertEquals(202, http.send("PATCH", abandoned, new byte[MIB], "Content-Type", "application/octet-stream").statusCode());
            // The second chunk: half a MiB of its two sent, then the JVM dies under it.
            try (Socket inFlight = http.startSending("PATCH", resumed, 2L * MIB, Arrays.copyOfRange(blob, MIB, MIB + MIB / 2),
                    "Content-Type: application/octet-stream", "Content-Range: " + MIB + "-" + (3 * MIB - 1))) {
                Thread.sleep(1_000);
                first.kill();
            }
        } finally {
            first.close();
        }

        try (RegistryProcess again = first.restart("killed-mid-upload-restarted")) {
            Http http = new Http(again.url());
            HttpResponse<byte[]> status = http.get(resumed);
            assertEquals(204, status.statusCode(), text(status));
            long stored = Long.parseLong(status.headers().firstValue("Range").orElseThrow().replaceFirst("0-", "")) + 1;
            assertTrue(stored >= MIB && stored <= MIB + MIB / 2, "the upload holds what was acknowledged and at most what was sent: " + stored);
            HttpResponse<byte[]> rest = http.send("PATCH", resumed, Arrays.copyOfRange(blob, (int) stored, blob.length),
                    "Content-Type", "application/octet-stream", "Content-Range", stored + "-" + (blob.length - 1));
            assertEquals(202, rest.statusCode(), text(rest));
            String digest = sha256(blob);
            HttpResponse<byte[]> completed = http.send("PUT", resumed + "?digest=" + digest, new byte[0]);
            assertEquals(201, completed.statusCode(), text(completed));
            HttpResponse<byte[]> pulled = http.get("/v2/crash/app/blobs/" + digest);
            assertEquals(200, pulled.statusCode());
            assertArrayEquals(blob, pulled.body());

            Thread.sleep(1_500); // past the upload expiry
            HttpResponse<byte[]> gc = http.send("POST", "/actuator/gc", "{}".getBytes(), "Content-Type", "application/json");
            assertEquals(200, gc.statusCode(), text(gc));
            assertTrue(text(gc).contains("\"uploadsExpired\":1"), text(gc));
            assertEquals(404, http.get(abandoned).statusCode());
            try (Stream<Path> left = Files.walk(storage.resolve("uploads"))) {
                assertEquals(List.of(), left.filter(Files::isRegularFile).toList(), "nothing of the uploads is left on disk");
            }
        }
    }

    private static String start(Http http) {
        HttpResponse<byte[]> started = http.send("POST", "/v2/crash/app/blobs/uploads/", new byte[0]);
        assertEquals(202, started.statusCode(), text(started));
        return started.headers().firstValue("Location").orElseThrow();
    }
}
