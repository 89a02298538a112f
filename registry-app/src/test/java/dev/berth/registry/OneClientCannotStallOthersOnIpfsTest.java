package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.storage.ipfs.testing.KuboNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What one client does cannot hold up others, on IPFS with a real Kubo. A client that sends its chunk
 * slowly: while its body is half sent, other users start uploads, push whole blobs and finish chunked
 * ones at once; only a second request on the slow upload itself is turned away, at once too. An index
 * that names one child many times: its image tree costs the Kubo calls of naming it once.
 */
class OneClientCannotStallOthersOnIpfsTest {
    /** What "at once" means here, on a busy machine: the slow client holds its chunk far longer. */
    private static final Duration AT_ONCE = Duration.ofSeconds(5);
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    private static KuboNode kubo;
    private static ConfigurableApplicationContext registry;
    private static URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws Exception {
        kubo = KuboNode.start();
        registry = new SpringApplicationBuilder(BerthRegistryApplication.class).run("--server.port=0", "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off", "--berth.storage.driver=ipfs", "--berth.storage.ipfs.api=" + kubo.api());
        base = URI.create("http://127.0.0.1:" + registry.getEnvironment().getRequiredProperty("local.server.port"));
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (kubo != null) {
            kubo.close();
        }
    }

    @Test
    void aSlowChunkHoldsUpNoOtherUsersUploadsOnlyASecondRequestOnItself() throws Exception {
        byte[] slowBlob = new byte[2 * 1024 * 1024];
        new Random(7).nextBytes(slowBlob);
        String slowUpload = location(send("POST", "/v2/team-a/slow/blobs/uploads/", new byte[0], 202));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), base.getPort())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("PATCH " + slowUpload + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Content-Type: application/octet-stream\r\nContent-Length: " + slowBlob.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(slowBlob, 0, slowBlob.length / 2);
            out.flush();
            Thread.sleep(1000); // the first half is in the registry's hands, the rest is yet to come

            for (int i = 0; i < 3; i++) {
                byte[] blob = ("another user's blob " + i).getBytes(StandardCharsets.UTF_8);
                timed(() -> send("POST", "/v2/team-b/app/blobs/uploads/?digest=" + sha256(blob), blob, 201));
                String started = timed(() -> location(send("POST", "/v2/team-b/app/blobs/uploads/", new byte[0], 202)));
                String patched = timed(() -> location(send("PATCH", started, blob, 202)));
                timed(() -> send("PUT", patched + (patched.contains("?") ? "&" : "?") + "digest=" + sha256(blob), new byte[0], 201));
            }
            HttpResponse<byte[]> busy = timed(() -> send("PATCH", slowUpload, new byte[] {1}, 429));
            assertThat(new String(busy.body(), StandardCharsets.UTF_8)).contains("TOOMANYREQUESTS");

            out.write(slowBlob, slowBlob.length / 2, slowBlob.length - slowBlob.length / 2);
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(answer).isEqualTo("HTTP/1.1 202");
        }
        send("PUT", slowUpload + (slowUpload.contains("?") ? "&" : "?") + "digest=" + sha256(slowBlob), new byte[0], 201);
        HttpResponse<byte[]> pulled = send("GET", "/v2/team-a/slow/blobs/" + sha256(slowBlob), null, 200);
        assertThat(pulled.body()).isEqualTo(slowBlob);
    }

    @Test
    void anImageTreeOfAnIndexNamingOneChildManyTimesCostsWhatNamingItOnceCosts() throws Exception {
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        byte[] layer = "a layer".getBytes(StandardCharsets.UTF_8);
        for (byte[] blob : List.of(config, layer)) {
            send("POST", "/v2/lib/many/blobs/uploads/?digest=" + sha256(blob), blob, 201);
        }
        String layerDescriptor = "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + sha256(layer)
                + "\",\"size\":" + layer.length + "}";
        String image = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + sha256(config) + "\",\"size\":" + config.length
                + "},\"layers\":[" + String.join(",", Collections.nCopies(200, layerDescriptor)) + "]}";
        byte[] imageBytes = image.getBytes(StandardCharsets.UTF_8);
        push("/v2/lib/many/manifests/" + sha256(imageBytes), imageBytes, OCI_MANIFEST);
        String child = "{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\"" + sha256(imageBytes) + "\",\"size\":" + imageBytes.length + "}";
        push("/v2/lib/many/manifests/once", index(child, 1), OCI_INDEX);
        push("/v2/lib/many/manifests/often", index(child, 500), OCI_INDEX);
        send("GET", "/berth/v1/root", null, 200); // answers once the trees derived from the pushes are made

        long once = kuboCallsFor("/berth/v1/images/lib/many/once");
        long often = kuboCallsFor("/berth/v1/images/lib/many/often");
        assertThat(often).as("Kubo calls for an index naming its child 500 times, against once (%d)", once).isLessThanOrEqualTo(once + 5);
    }

    private long kuboCallsFor(String path) throws Exception {
        double before = kuboCalls();
        send("GET", path, null, 200);
        return Math.round(kuboCalls() - before);
    }

    private static double kuboCalls() {
        return registry.getBean(MeterRegistry.class).find("berth.kubo.requests").timers().stream().mapToDouble(timer -> timer.count()).sum();
    }

    private static byte[] index(String child, int times) {
        return ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[" + String.join(",", Collections.nCopies(times, child))
                + "]}").getBytes(StandardCharsets.UTF_8);
    }

    private void push(String path, byte[] manifest, String mediaType) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(201);
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    private static <T> T timed(Call<T> call) throws Exception {
        long started = System.nanoTime();
        T result = call.call();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered while the slow chunk streams").isLessThan(AT_ONCE);
        return result;
    }

    private HttpResponse<byte[]> send(String method, String path, byte[] body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            request.header("Content-Type", "application/octet-stream");
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(method + " " + path + ": " + new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(expected);
        return response;
    }

    private static String location(HttpResponse<byte[]> response) {
        return response.headers().firstValue("Location").orElseThrow();
    }

    private static String sha256(byte[] content) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
