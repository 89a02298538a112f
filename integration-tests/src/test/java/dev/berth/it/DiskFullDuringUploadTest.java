package dev.berth.it;

import static dev.berth.it.support.Http.sha256;
import static dev.berth.it.support.Http.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.it.support.Http;
import dev.berth.it.support.RegistryProcess;
import dev.berth.it.support.Tools;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The filesystem driver's disk fills up during uploads: a real 8 MiB tmpfs under the registry's
 * root (mounting it takes root). The uploads that do not fit fail without a trace in the registry,
 * in the spec's error format and naming no path; what was stored before stays whole; once space is
 * free again, pushes work, crane's included.
 */
class DiskFullDuringUploadTest {
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path work;

    @Test
    void uploadsThatDoNotFitLeaveNothingAndTheRegistryGoesOnOnceThereIsRoom() throws Exception {
        Path disk = Files.createDirectories(work.resolve("disk"));
        Tools.run(List.of("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", disk.toString()), work, Duration.ofSeconds(30));
        try (RegistryProcess registry = RegistryProcess.berth("disk-full", List.of("--berth.storage.driver=filesystem",
                "--berth.storage.filesystem.root=" + disk.resolve("registry")))) {
            Http http = new Http(registry.url());
            byte[] kept = random(1, 2 * MIB);
            assertEquals(201, pushWhole(http, kept).statusCode());

            byte[] tooBig = random(2, 12 * MIB);
            HttpResponse<byte[]> whole = pushWhole(http, tooBig);
            refusedWithoutDetails(whole, disk);
            assertEquals(404, http.send("HEAD", "/v2/full/app/blobs/" + sha256(tooBig), new byte[0]).statusCode());

            String upload = http.send("POST", "/v2/full/app/blobs/uploads/", new byte[0]).headers().firstValue("Location").orElseThrow();
            refusedWithoutDetails(http.send("PATCH", upload, tooBig, "Content-Type", "application/octet-stream"), disk);
            HttpResponse<byte[]> status = http.get(upload);
            assertTrue(status.statusCode() == 204 || status.statusCode() == 404, "the upload is either where it stood or gone: " + text(status));
            refusedWithoutDetails(http.send("PUT", upload + "?digest=" + sha256(tooBig), new byte[0]), disk, 400, 404);
            assertEquals(404, http.send("HEAD", "/v2/full/app/blobs/" + sha256(tooBig), new byte[0]).statusCode());
            http.send("DELETE", upload, new byte[0]); // gives back what the upload held, if anything

            HttpResponse<byte[]> stillThere = http.get("/v2/full/app/blobs/" + sha256(kept));
            assertEquals(200, stillThere.statusCode());
            assertArrayEquals(kept, stillThere.body());
            byte[] fits = random(3, 3 * MIB);
            HttpResponse<byte[]> pushed = pushWhole(http, fits);
            assertEquals(201, pushed.statusCode(), "room again: " + text(pushed));
            assertArrayEquals(fits, http.get("/v2/full/app/blobs/" + sha256(fits)).body());

            Path layer = Tools.tarOfOneFile(work, "small.txt", "fits\n");
            Tools.tool("crane", work, "append", "-f", layer.toString(), "-t", registry.host() + "/full/crane:v1");
            Tools.tool("crane", work, "pull", registry.host() + "/full/crane:v1", work.resolve("pulled.tar").toString());
        } finally {
            Tools.run(List.of("umount", disk.toString()), work, Duration.ofSeconds(30));
        }
    }

    private static HttpResponse<byte[]> pushWhole(Http http, byte[] blob) {
        return http.send("POST", "/v2/full/app/blobs/uploads/?digest=" + sha256(blob), blob, "Content-Type", "application/octet-stream");
    }

    private static void refusedWithoutDetails(HttpResponse<byte[]> response, Path disk, int... allowed) {
        String body = text(response);
        boolean expected = allowed.length == 0 ? response.statusCode() >= 500
                : java.util.Arrays.stream(allowed).anyMatch(status -> status == response.statusCode());
        assertTrue(expected, response.statusCode() + " " + body);
        assertTrue(body.startsWith("{\"errors\":[{\"code\":"), body);
        assertFalse(body.contains(disk.toString()) || body.contains("Exception") || body.contains("/uploads/") || body.contains("space"), body);
    }

    private static byte[] random(int seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
