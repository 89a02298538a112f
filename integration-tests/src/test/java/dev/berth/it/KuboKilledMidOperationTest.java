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
import dev.berth.storage.ipfs.testing.KuboNode;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry's Kubo killed (SIGKILL) in the middle of a manifest push, a garbage collection and a
 * pull from a remote tree, then started again: nothing acknowledged is lost, nothing is left half
 * made, the outage is 503 UNAVAILABLE without a word of where Kubo is, and all works again after.
 */
class KuboKilledMidOperationTest {
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

    @TempDir
    Path work;

    /** What a manifest push asked for and what it was told. */
    private record Push(String tag, String digest, byte[] manifest, int status) {}

    @Test
    void kuboKilledDuringManifestPushesLosesNothingAcknowledgedAndLeavesNothingHalfMade() throws Exception {
        try (KuboNode kubo = KuboNode.start();
                RegistryProcess registry = RegistryProcess.berthOnIpfs("kubo-killed-push", kubo, "--berth.storage.ipfs.timeout=5s")) {
            Http http = new Http(registry.url());
            Path layer = Tools.tarOfOneFile(work, "base.txt", "the base of every pushed manifest\n");
            Tools.tool("crane", work, "append", "-f", layer.toString(), "-t", registry.host() + "/faults/push:base");
            HttpResponse<byte[]> base = http.get("/v2/faults/push/manifests/base", "Accept", OCI_MANIFEST + "," + DOCKER_MANIFEST);
            String mediaType = base.headers().firstValue("Content-Type").orElseThrow();
            String baseManifest = text(base);
            Map<String, Push> pushes = new ConcurrentHashMap<>();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger acknowledged = new AtomicInteger();
            ExecutorService pushers = Executors.newFixedThreadPool(4);
            for (int thread = 0; thread < 4; thread++) {
                int first = thread * 100_000;
                pushers.submit(() -> {
                    for (int i = first; !stop.get(); i++) {
                        String tag = "t" + i;
                        byte[] manifest = ("{\"annotations\":{\"tag\":\"" + tag + "\"}," + baseManifest.substring(1)).getBytes(StandardCharsets.UTF_8);
                        int status = http.send("PUT", "/v2/faults/push/manifests/" + tag, manifest, "Content-Type", mediaType).statusCode();
                        pushes.put(tag, new Push(tag, sha256(manifest), manifest, status));
                        if (status == 201) {
                            acknowledged.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            awaitUntil(() -> acknowledged.get() >= 20, Duration.ofMinutes(3), "20 manifests pushed");
            kubo.kill();
            Thread.sleep(3_000); // pushes go on meanwhile, and fail
            stop.set(true);
            pushers.shutdown();
            assertTrue(pushers.awaitTermination(2, TimeUnit.MINUTES));
            kubo.restart();
            awaitUntil(() -> http.get("/v2/faults/push/manifests/base", "Accept", mediaType).statusCode() == 200, Duration.ofMinutes(2),
                    "the registry reads through Kubo again");

            List<Push> refused = pushes.values().stream().filter(push -> push.status() != 201).toList();
            assertFalse(refused.isEmpty(), "some pushes met the dead Kubo");
            assertTrue(refused.stream().allMatch(push -> push.status() == 503), "a push that met the dead Kubo is 503: " + refused);
            for (Push push : pushes.values()) {
                HttpResponse<byte[]> byTag = http.get("/v2/faults/push/manifests/" + push.tag(), "Accept", mediaType);
                HttpResponse<byte[]> byDigest = http.get("/v2/faults/push/manifests/" + push.digest(), "Accept", mediaType);
                if (push.status() == 201) {
                    assertEquals(200, byTag.statusCode(), push.tag() + " was acknowledged: " + text(byTag));
                    assertArrayEquals(push.manifest(), byTag.body());
                    assertEquals(200, byDigest.statusCode(), push.digest() + " was acknowledged");
                } else {
                    // refused: absent, or there whole; never there in part
                    assertTrue(byTag.statusCode() == 404 || byTag.statusCode() == 200 && java.util.Arrays.equals(byTag.body(), push.manifest()),
                            push.tag() + ": " + byTag.statusCode() + " " + text(byTag));
                    assertTrue(byDigest.statusCode() == 404 || byDigest.statusCode() == 200 && java.util.Arrays.equals(byDigest.body(), push.manifest()),
                            push.digest() + ": " + byDigest.statusCode() + " " + text(byDigest));
                }
            }
            String listed = text(http.get("/v2/faults/push/tags/list"));
            for (String tag : Pattern.compile("\"(t\\d+)\"").matcher(listed).results().map(match -> match.group(1)).toList()) {
                assertEquals(200, http.get("/v2/faults/push/manifests/" + tag, "Accept", mediaType).statusCode(), "listed tag " + tag);
            }
            for (Push push : pushes.values().stream().filter(push -> push.status() == 201).limit(5).toList()) {
                Tools.tool("crane", work, "validate", "--remote", registry.host() + "/faults/push:" + push.tag());
            }
        }
    }

    @Test
    void kuboKilledDuringGarbageCollectionKeepsEveryTaggedImageWholeAndTheNextRunFinishesTheJob() throws Exception {
        try (KuboNode kubo = KuboNode.start();
                RegistryProcess registry = RegistryProcess.berthOnIpfs("kubo-killed-gc", kubo, "--berth.storage.ipfs.timeout=5s",
                        "--berth.gc.grace=0s", "--management.endpoints.web.exposure.include=health,gc")) {
            Http http = new Http(registry.url());
            Path layer = Tools.tarOfOneFile(work, "kept.txt", "kept through GC\n");
            String image = registry.host() + "/faults/gc:kept";
            Tools.tool("crane", work, "append", "-f", layer.toString(), "-t", image);
            List<String> junk = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                byte[] blob = ("unreferenced " + i).getBytes(StandardCharsets.UTF_8);
                assertEquals(201, http.send("POST", "/v2/faults/junk/blobs/uploads/?digest=" + sha256(blob), blob,
                        "Content-Type", "application/octet-stream").statusCode());
                junk.add(sha256(blob));
            }

            CompletableFuture<HttpResponse<byte[]>> interrupted = CompletableFuture.supplyAsync(() ->
                    http.send("POST", "/actuator/gc", "{}".getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json"));
            awaitUntil(() -> Files.readString(registry.log()).contains("sweeping blobs")
                    || Files.readString(registry.log()).contains("Garbage collection run starting"), Duration.ofMinutes(1), "GC started");
            Thread.sleep(500);
            kubo.kill();
            HttpResponse<byte[]> cut = interrupted.get(3, TimeUnit.MINUTES);
            assertTrue(cut.statusCode() >= 500, "the run met the dead Kubo: " + cut.statusCode() + " " + text(cut));
            kubo.restart();
            awaitUntil(() -> http.get("/v2/faults/gc/manifests/kept").statusCode() == 200, Duration.ofMinutes(2), "Kubo back");

            Tools.tool("crane", work, "validate", "--remote", image);
            HttpResponse<byte[]> again = http.send("POST", "/actuator/gc", "{}".getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
            assertEquals(200, again.statusCode(), text(again));
            for (String digest : junk) {
                assertEquals(404, http.send("HEAD", "/v2/faults/junk/blobs/" + digest, new byte[0]).statusCode(), digest);
            }
            Tools.tool("crane", work, "validate", "--remote", image);
        }
    }

    @Test
    void kuboKilledDuringARemotePullCutsTheStreamIsUnavailableMeanwhileAndPullsAgainAfter() throws Exception {
        try (KuboNode kuboA = KuboNode.start();
                RegistryProcess registryA = RegistryProcess.berthOnIpfs("kubo-killed-remote-a", kuboA);
                KuboNode kuboB = KuboNode.start();
                RegistryProcess registryB = RegistryProcess.berthOnIpfs("kubo-killed-remote-b", kuboB,
                        "--berth.storage.ipfs.peers=" + kuboA.multiaddr(), "--berth.remote.timeout=5s", "--berth.storage.ipfs.timeout=5s")) {
            byte[] big = new byte[24 * 1024 * 1024];
            new Random(11).nextBytes(big);
            Path tar = tarOf(big);
            Tools.tool("crane", work, "append", "-f", tar.toString(), "-t", registryA.host() + "/faults/remote:v1");
            String digest = Tools.tool("crane", work, "digest", registryA.host() + "/faults/remote:v1").strip();
            String root = rootCidOf(registryA);
            String remote = "/v2/ipfs/" + root + "/faults/remote";
            Http http = new Http(registryB.url());
            HttpResponse<byte[]> manifest = http.get(remote + "/manifests/v1", "Accept", OCI_MANIFEST);
            assertEquals(200, manifest.statusCode(), text(manifest));
            String layerDigest = Pattern.compile("\"(sha256:[0-9a-f]{64})\"").matcher(text(manifest)).results()
                    .map(match -> match.group(1)).toList().getLast();

            long received;
            long announced;
            try (Socket socket = new Socket(registryB.url().getHost(), registryB.url().getPort())) {
                socket.setReceiveBufferSize(64 * 1024);
                socket.setSoTimeout(60_000);
                socket.getOutputStream().write(("GET " + remote + "/blobs/" + layerDigest + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                InputStream in = socket.getInputStream();
                String head = readHead(in);
                assertTrue(head.startsWith("HTTP/1.1 200"), head);
                Matcher length = Pattern.compile("(?i)content-length: (\\d+)").matcher(head);
                assertTrue(length.find(), head);
                announced = Long.parseLong(length.group(1));
                received = in.readNBytes(256 * 1024).length; // then stop reading: the registry waits on this client
                kuboB.kill();
                Thread.sleep(2_000);
                received += in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            assertTrue(received < announced, "the stream was cut, not completed with other bytes: " + received + " of " + announced);

            for (String path : List.of(remote + "/manifests/v1", remote + "/tags/list", "/v2/ipfs/" + root + "/tags/list")) {
                HttpResponse<byte[]> outage = http.get(path, "Accept", OCI_MANIFEST);
                assertEquals(503, outage.statusCode(), path + ": " + text(outage));
                assertTrue(text(outage).contains("\"code\":\"UNAVAILABLE\""), text(outage));
                String port = Integer.toString(kuboB.api().getPort());
                assertFalse(text(outage).contains(port) || text(outage).contains("127.0.0.1") || text(outage).contains("Exception")
                        || text(outage).contains("/api/v0"), text(outage));
            }

            kuboB.restart();
            awaitUntil(() -> http.get(remote + "/manifests/v1", "Accept", OCI_MANIFEST).statusCode() == 200, Duration.ofMinutes(2),
                    "B reads the remote tree again");
            assertEquals(digest, Tools.tool("crane", work, "digest", registryB.host() + "/ipfs/" + root + "/faults/remote:v1").strip());
            Tools.tool("crane", work, "pull", registryB.host() + "/ipfs/" + root + "/faults/remote:v1", work.resolve("pulled.tar").toString());
        }
    }

    private Path tarOf(byte[] content) throws Exception {
        Path staging = Files.createDirectories(work.resolve("big-layer"));
        Files.write(staging.resolve("big.bin"), content);
        Path tar = work.resolve("big.tar");
        Tools.run(List.of("tar", "-cf", tar.toString(), "-C", staging.toString(), "big.bin"), work, Duration.ofMinutes(1));
        return tar;
    }

    private static String rootCidOf(RegistryProcess registry) {
        String body = text(new Http(registry.url()).get("/berth/v1/root"));
        Matcher cid = Pattern.compile("\"cid\"\\s*:\\s*\"([a-z0-9]+)\"").matcher(body);
        assertTrue(cid.find(), body);
        return cid.group(1);
    }

    private static String readHead(InputStream in) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.append((char) c);
        }
        return head.toString();
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void awaitUntil(Condition condition, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // the registry or Kubo is not there yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not within " + timeout + ": " + what);
    }
}
