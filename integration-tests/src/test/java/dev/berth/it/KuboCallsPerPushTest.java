package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.it.support.RegistryProcess;
import dev.berth.it.support.Tools;
import dev.berth.storage.ipfs.testing.KuboNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How many calls to Kubo each request costs, counted from the registry's own
 * {@code berth_kubo_requests_seconds_count}: a push of a blob in one request and in three
 * (POST, PATCH, PUT), a manifest push, a manifest HEAD by tag and a blob GET and range. The bounds
 * are the design's (a handful per blob); the counts are printed for the record.
 */
class KuboCallsPerPushTest {
    private static final Pattern KUBO_CALLS = Pattern.compile(
            "berth_kubo_requests_seconds_count\\{command=\"([^\"]+)\",outcome=\"([^\"]+)\"} ([0-9.E]+)");
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path work;

    @Test
    void aBlobCostsAHandfulOfKuboCallsAndAManifestAFewMore() throws Exception {
        try (KuboNode kubo = KuboNode.start();
                RegistryProcess registry = RegistryProcess.berthOnIpfs("kubo-calls", kubo, "--berth.publish.delay=100ms")) {
            URI base = registry.url();
            post(base, "/v2/warm/up/blobs/uploads/?digest=" + sha256(bytes(10, 0)), bytes(10, 0), 201); // the root folders, once

            byte[] whole = bytes(3 << 20, 1);
            Map<String, Double> monolithic = counting(base, () ->
                    post(base, "/v2/lib/app/blobs/uploads/?digest=" + sha256(whole), whole, 201));

            byte[] chunked = bytes(3 << 20, 2);
            Map<String, Double> threeRequests = counting(base, () -> {
                String location = post(base, "/v2/lib/app/blobs/uploads/", new byte[0], 202).headers().firstValue("Location").orElseThrow();
                location = send(base, "PATCH", location, chunked, 202).headers().firstValue("Location").orElseThrow();
                send(base, "PUT", location + (location.contains("?") ? "&" : "?") + "digest=" + sha256(chunked), new byte[0], 201);
            });

            byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                    .getBytes(StandardCharsets.UTF_8);
            post(base, "/v2/lib/app/blobs/uploads/?digest=" + sha256(config), config, 201);
            byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                    + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + sha256(config)
                    + "\",\"size\":" + config.length + "},\"layers\":["
                    + layer(whole) + "," + layer(chunked) + "]}").getBytes(StandardCharsets.UTF_8);
            Map<String, Double> manifestPush = counting(base, () -> send(base, "PUT", "/v2/lib/app/manifests/v1", manifest, 201,
                    "application/vnd.oci.image.manifest.v1+json"));
            Map<String, Double> derived = counting(base, () -> http.send(HttpRequest.newBuilder(base.resolve("/berth/v1/root")).build(),
                    HttpResponse.BodyHandlers.ofString()));
            Map<String, Double> firstHead = counting(base, () -> send(base, "HEAD", "/v2/lib/app/manifests/v1", null, 200,
                    "application/vnd.oci.image.manifest.v1+json"));
            Map<String, Double> head = counting(base, () -> send(base, "HEAD", "/v2/lib/app/manifests/v1", null, 200,
                    "application/vnd.oci.image.manifest.v1+json"));
            Map<String, Double> blobGet = counting(base, () -> send(base, "GET", "/v2/lib/app/blobs/" + sha256(whole), null, 200));
            Map<String, Double> range = counting(base, () -> {
                HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(base.resolve("/v2/lib/app/blobs/" + sha256(whole)))
                        .header("Range", "bytes=1000-1009").build(), HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(206, answer.statusCode());
                assertEquals(10, answer.body().length);
            });

            Map<String, Map<String, Double>> all = new LinkedHashMap<>();
            all.put("blob, monolithic (POST ?digest=)", monolithic);
            all.put("blob, POST + PATCH + PUT", threeRequests);
            all.put("manifest PUT with a tag (request path)", manifestPush);
            all.put("derived trees of that push (gateway view), then the root CID", derived);
            all.put("manifest HEAD by tag, the first after the push", firstHead);
            all.put("manifest HEAD by tag", head);
            all.put("blob GET", blobGet);
            all.put("blob GET of a 10-byte range", range);
            all.forEach((what, calls) -> System.out.printf("Kubo calls, %s: %d %s%n", what, total(calls), calls));

            assertTrue(total(monolithic) <= 5, "monolithic: " + monolithic);
            assertTrue(total(threeRequests) <= 10, "POST, PATCH, PUT: " + threeRequests);
            assertTrue(total(manifestPush) <= 7, "manifest push: " + manifestPush); // with the tag's push time
            assertTrue(total(head) <= 1, "manifest HEAD: " + head);
            assertTrue(total(blobGet) <= 1, "blob GET: " + blobGet);
            assertTrue(total(range) <= 1, "blob range: " + range);

            Path pulled = work.resolve("pulled");
            Tools.tool("crane", work, "pull", "--format=oci", registry.host() + "/lib/app:v1", pulled.toString());
            String pins = kubo.ipfs("pin", "ls", "--type=recursive", "--names");
            assertFalse(pins.contains("berth-import"), "imports are unpinned once linked: " + pins);
        }
    }

    private interface Request {
        void run() throws Exception;
    }

    /** The Kubo calls a request made, by command: the registry's counter before and after. */
    private Map<String, Double> counting(URI base, Request request) throws Exception {
        Map<String, Double> before = kuboCalls(base);
        request.run();
        Map<String, Double> after = kuboCalls(base);
        Map<String, Double> made = new TreeMap<>();
        after.forEach((command, count) -> {
            double delta = count - before.getOrDefault(command, 0.0);
            if (delta > 0) {
                made.put(command, delta);
            }
        });
        return made;
    }

    private Map<String, Double> kuboCalls(URI base) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(base.resolve("/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Double> calls = new TreeMap<>();
        Matcher matcher = KUBO_CALLS.matcher(metrics);
        while (matcher.find()) {
            calls.merge(matcher.group(1), Double.parseDouble(matcher.group(3)), Double::sum);
        }
        return calls;
    }

    private static long total(Map<String, Double> calls) {
        return Math.round(calls.values().stream().mapToDouble(Double::doubleValue).sum());
    }

    private HttpResponse<byte[]> post(URI base, String path, byte[] body, int expected) throws Exception {
        return send(base, "POST", path, body, expected);
    }

    private HttpResponse<byte[]> send(URI base, String method, String path, byte[] body, int expected) throws Exception {
        return send(base, method, path, body, expected, "application/octet-stream");
    }

    private HttpResponse<byte[]> send(URI base, String method, String path, byte[] body, int expected, String type)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody()).header("Accept", type);
        } else {
            request.method(method, HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", type);
        }
        HttpResponse<byte[]> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(expected, answer.statusCode(), method + " " + path + ": " + new String(answer.body(), StandardCharsets.UTF_8));
        return answer;
    }

    private static String layer(byte[] content) throws Exception {
        return "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + sha256(content) + "\",\"size\":"
                + content.length + "}";
    }

    private static byte[] bytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] content) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
