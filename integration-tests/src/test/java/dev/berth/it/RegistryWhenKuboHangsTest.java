package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.it.support.RegistryProcess;
import dev.berth.it.support.Tools;
import dev.berth.storage.ipfs.testing.KuboNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IPFS can hang; the registry must not: a hung Kubo is a prompt 503 in the OCI format and a
 * readiness probe that says DOWN, and Berth recovers with it; the metrics show the outage.
 */
class RegistryWhenKuboHangsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    @TempDir
    Path work;

    @Test
    void aHungKuboIsA503AndNotReadyWithinTheTimeoutAndTheRegistryRecoversWhenItResumes() throws Exception {
        try (KuboNode kubo = KuboNode.start();
                RegistryProcess registry = RegistryProcess.berthOnIpfs("hung-kubo", kubo,
                        "--berth.storage.ipfs.timeout=" + TIMEOUT.toSeconds() + "s")) {
            Path layer = Tools.tarOfOneFile(work, "hello.txt", "hello\n");
            Tools.tool("crane", work, "append", "-f", layer.toString(), "-t", registry.host() + "/hang/image:1");
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest manifest = HttpRequest.newBuilder(registry.url().resolve("/v2/hang/image/manifests/1"))
                    .header("Accept", "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json")
                    .timeout(Duration.ofSeconds(60)).build();
            assertEquals(200, http.send(manifest, HttpResponse.BodyHandlers.discarding()).statusCode());
            HttpRequest readiness = HttpRequest.newBuilder(registry.url().resolve("/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(60)).build();
            HttpResponse<String> ready = http.send(readiness, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("\"kubo\":{\"status\":\"UP\""), ready.body());

            kubo.pause();
            try {
                long start = System.nanoTime();
                HttpResponse<String> hung = http.send(manifest, HttpResponse.BodyHandlers.ofString());
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertEquals(503, hung.statusCode(), hung.body());
                assertTrue(hung.body().contains("\"code\":\"UNAVAILABLE\""), hung.body());
                assertTrue(took.compareTo(TIMEOUT.multipliedBy(3)) < 0, "answered after " + took);
                HttpResponse<String> notReady = http.send(readiness, HttpResponse.BodyHandlers.ofString());
                assertEquals(503, notReady.statusCode(), notReady.body());
                assertTrue(notReady.body().contains("\"kubo\":{\"status\":\"DOWN\""), notReady.body());
            } finally {
                kubo.resume();
            }
            assertEquals(200, http.send(manifest, HttpResponse.BodyHandlers.discarding()).statusCode(), "after Kubo resumed");
            assertEquals(200, http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode(), "ready again");

            // The outage shows in the metrics: Kubo calls that found no answer, and the 503s they caused.
            String metrics = http.send(HttpRequest.newBuilder(registry.url().resolve("/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(metrics.contains("berth_kubo_requests_seconds_count{command=\"files/stat\",outcome=\"success\"}"), metrics);
            assertTrue(metrics.contains(",outcome=\"unavailable\"}"), metrics);
            assertTrue(metrics.lines().anyMatch(line -> line.startsWith("http_server_requests_seconds_count{")
                    && line.contains("status=\"503\"") && line.contains("uri=\"/v2/{name}/manifests/{reference}\"")), metrics);
        }
    }
}
