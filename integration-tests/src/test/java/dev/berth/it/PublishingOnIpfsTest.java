package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.it.support.OciLayout;
import dev.berth.it.support.RegistryProcess;
import dev.berth.it.support.Tools;
import dev.berth.storage.ipfs.testing.KuboNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * What Berth publishes on IPFS, checked with Kubo and stock clients alone: the {@code v2/} gateway
 * view (a crane pull through Kubo's gateway with no Berth process running; docs/gateway.md), image
 * CIDs (also pulled back through Berth as {@code ipfs/<cid>}), and IPNS publishing of the root.
 */
class PublishingOnIpfsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path work;

    @Test
    void theGatewayViewFollowsPushesAndDeletesAndServesCraneThroughKubosGatewayAlone() throws Exception {
        try (KuboNode kubo = KuboNode.start()) {
            String digest;
            String root;
            try (RegistryProcess registry = RegistryProcess.berthOnIpfs("publishing-gateway", kubo)) {
                String image = registry.host() + "/lib/app";
                Tools.tool("crane", work, "append", "-f", Tools.tarOfOneFile(work, "hello.txt", "hello\n").toString(),
                        "-t", image + ":v1");
                Tools.tool("crane", work, "tag", image + ":v1", "v2");
                Tools.tool("crane", work, "tag", image + ":v1", "old");
                digest = Tools.tool("crane", work, "digest", image + ":v1").strip();
                assertEquals(202, send(registry.url(), "DELETE", "/v2/lib/app/manifests/old").statusCode());
                root = field(get(registry.url(), "/berth/v1/root"), "cid");
            }
            // Kubo alone: the view holds the manifests by tag and digest, the blobs, and tags/list.
            String view = "/ipfs/" + root + "/v2/lib/app";
            assertEquals("{\"name\":\"lib/app\",\"tags\":[\"v1\",\"v2\"]}", kubo.ipfs("cat", view + "/tags/list"));
            String manifests = kubo.ipfs("ls", view + "/manifests");
            assertTrue(manifests.contains(" v1\n") && manifests.contains(" v2\n") && manifests.contains(digest), manifests);
            assertFalse(manifests.contains(" old\n"), "a deleted tag leaves the view: " + manifests);
            byte[] manifest = kubo.ipfs("cat", view + "/manifests/v1").getBytes(StandardCharsets.UTF_8);
            assertEquals(digest, "sha256:" + OciLayout.sha256(manifest));
            for (String blob : blobsOf(manifest)) {
                assertTrue(kubo.ipfs("ls", view + "/blobs").contains(blob), blob + " is in the view");
            }

            // No Berth process: crane pulls from Kubo's subdomain gateway (through HTTP_PROXY, docs/gateway.md).
            Path pulled = work.resolve("pulled");
            gatewayClient(kubo, "crane", "pull", "--format=oci", gatewayHost(kubo, root) + "/lib/app:v1", pulled.toString());
            JsonNode index = JSON.readTree(Files.readString(pulled.resolve("index.json")));
            assertEquals(digest, index.get("manifests").get(0).get("digest").asString());
            for (String blob : blobsOf(manifest)) {
                Path file = pulled.resolve("blobs/sha256/" + blob.substring("sha256:".length()));
                assertEquals(blob, "sha256:" + OciLayout.sha256(Files.readAllBytes(file)), "pulled blob matches its digest");
            }
            assertEquals("v1\nv2\n", gatewayClient(kubo, "crane", "ls", gatewayHost(kubo, root) + "/lib/app").stdout());

            // The documented failure: skopeo reads the gateway's application/json as a schema 1 manifest.
            Tools.Result skopeo = gatewayTry(kubo, "skopeo", "copy", "--src-tls-verify=false",
                    "docker://" + gatewayHost(kubo, root) + "/lib/app:v1", "oci:" + work.resolve("skopeo") + ":v1");
            assertNotEquals(0, skopeo.exitCode());
            assertTrue(skopeo.stderr().contains("unsupported schema version 2"), skopeo.stderr());
        }
    }

    @Test
    void anImageCidHoldsThatImageAloneAndKubosGcKeepsIt() throws Exception {
        try (KuboNode kubo = KuboNode.start()) {
            String digest;
            String cid;
            try (RegistryProcess registry = RegistryProcess.berthOnIpfs("publishing-image", kubo)) {
                Tools.tool("crane", work, "append", "-f", Tools.tarOfOneFile(work, "app.txt", "app\n").toString(),
                        "-t", registry.host() + "/lib/app:v1");
                Tools.tool("crane", work, "append", "-f", Tools.tarOfOneFile(work, "other.txt", "other\n").toString(),
                        "-t", registry.host() + "/other/thing:v1");
                digest = Tools.tool("crane", work, "digest", registry.host() + "/lib/app:v1").strip();

                String answer = get(registry.url(), "/berth/v1/images/lib/app/v1");
                cid = field(answer, "cid");
                assertEquals("ipfs/" + cid, field(answer, "name"));
                assertEquals(cid, field(get(registry.url(), "/berth/v1/images/lib/app/v1"), "cid"), "the same image, the same CID");
                // Any Berth pulls it by that name (this one reads it back over IPFS, read-only, digests checked).
                String byCid = registry.host() + "/" + field(answer, "name");
                assertEquals(digest, Tools.tool("crane", work, "digest", byCid + ":v1").strip());
                assertEquals(digest, Tools.tool("crane", work, "digest", byCid + "/lib/app:v1").strip());
                Tools.tool("crane", work, "pull", byCid + ":v1", work.resolve("by-cid.tar").toString());
                HttpResponse<String> unknown = send(registry.url(), "GET", "/berth/v1/images/lib/app/nope");
                assertEquals(404, unknown.statusCode());
                assertTrue(unknown.body().contains("MANIFEST_UNKNOWN"), unknown.body());
            }
            kubo.ipfs("repo", "gc");

            // Kubo alone: one repository, its tag, its manifest and exactly the blobs it names, digests checked.
            String tree = "/ipfs/" + cid;
            assertEquals(List.of("lib"), names(kubo, tree + "/repositories"));
            assertEquals(List.of("app"), names(kubo, tree + "/repositories/lib"));
            assertEquals(digest, kubo.ipfs("cat", tree + "/repositories/lib/app/_manifests/tags/v1/current/link").strip());
            byte[] manifest = kubo.ipfs("cat", tree + "/v2/lib/app/manifests/v1").getBytes(StandardCharsets.UTF_8);
            assertEquals(digest, "sha256:" + OciLayout.sha256(manifest));
            List<String> expected = new ArrayList<>(blobsOf(manifest));
            expected.add(digest);
            List<String> stored = new ArrayList<>();
            for (String fanOut : names(kubo, tree + "/blobs/sha256")) {
                for (String hex : names(kubo, tree + "/blobs/sha256/" + fanOut)) {
                    byte[] data = kubo.client().cat().cat(tree + "/blobs/sha256/" + fanOut + "/" + hex + "/data", 0,
                            sizeOf(kubo, tree + "/blobs/sha256/" + fanOut + "/" + hex + "/data")).readAllBytes();
                    assertEquals(hex, OciLayout.sha256(data), "blob " + hex + " matches its digest");
                    stored.add("sha256:" + hex);
                }
            }
            assertEquals(expected.stream().sorted().toList(), stored.stream().sorted().toList());

            // The image CID is a registry of its own for a gateway too.
            Path pulled = work.resolve("pulled");
            gatewayClient(kubo, "crane", "pull", "--format=oci", gatewayHost(kubo, cid) + "/lib/app:v1", pulled.toString());
            assertEquals(digest, JSON.readTree(Files.readString(pulled.resolve("index.json"))).get("manifests").get(0)
                    .get("digest").asString());
        }
    }

    @Test
    void deletedOrMovedTagsAndDeletedManifestsTakeTheirImageTreesAlong() throws Exception {
        try (KuboNode kubo = KuboNode.start();
                RegistryProcess registry = RegistryProcess.berthOnIpfs("publishing-stale", kubo)) {
            String image = registry.host() + "/lib/app";
            Tools.tool("crane", work, "append", "-f", Tools.tarOfOneFile(work, "a.txt", "a\n").toString(), "-t", image + ":v1");
            Tools.tool("crane", work, "tag", image + ":v1", "v2");
            Tools.tool("crane", work, "tag", image + ":v1", "v3");
            String digest = Tools.tool("crane", work, "digest", image + ":v1").strip();
            for (String reference : List.of("v1", "v2", "v3", digest)) {
                get(registry.url(), "/berth/v1/images/lib/app/" + reference);
            }
            String refs = "/berth/images/lib/app/_refs";
            assertEquals(List.of(digest, "v1", "v2", "v3"), mfsNames(kubo, refs));

            assertEquals(202, send(registry.url(), "DELETE", "/v2/lib/app/manifests/v1").statusCode());
            Tools.tool("crane", work, "append", "-f", Tools.tarOfOneFile(work, "b.txt", "b\n").toString(), "-t", image + ":v2");
            get(registry.url(), "/berth/v1/root"); // answers once the derived trees took the changes in
            assertEquals(List.of(digest, "v3"), mfsNames(kubo, refs), "a deleted tag's and a moved tag's trees are gone");

            assertEquals(202, send(registry.url(), "DELETE", "/v2/lib/app/manifests/" + digest).statusCode());
            get(registry.url(), "/berth/v1/root");
            assertEquals(List.of(), mfsNames(kubo, refs), "every tree holding the deleted manifest is gone");
        }
    }

    /** The names in an MFS folder of the node; none when it is not there. */
    private static List<String> mfsNames(KuboNode kubo, String folder) throws IOException {
        try {
            return kubo.client().files().ls(folder).stream().map(entry -> entry.name()).sorted().toList();
        } catch (dev.berth.storage.ipfs.kubo.KuboException e) {
            if (e.isPathNotFound()) {
                return List.of();
            }
            throw e;
        }
    }

    @Test
    void anIndexImageCidHoldsTheIndexItsChildManifestsAndTheirBlobs() throws Exception {
        try (KuboNode kubo = KuboNode.start();
                RegistryProcess registry = RegistryProcess.berthOnIpfs("publishing-index", kubo)) {
            Path layout = work.resolve("layout");
            OciLayout.Descriptor index = OciLayout.multiPlatformIndex(layout, "multi", List.of("amd64", "arm64"));
            Tools.tool("skopeo", work, "copy", "--all", "--preserve-digests", "--dest-tls-verify=false",
                    "oci:" + layout + ":multi", "docker://" + registry.host() + "/lib/multi:latest");

            String tree = "/ipfs/" + field(get(registry.url(), "/berth/v1/images/lib/multi/latest"), "cid");
            byte[] indexBytes = kubo.ipfs("cat", tree + "/v2/lib/multi/manifests/latest").getBytes(StandardCharsets.UTF_8);
            assertEquals(index.digest(), "sha256:" + OciLayout.sha256(indexBytes));
            List<String> manifests = new ArrayList<>(List.of(index.digest(), "latest"));
            List<String> blobs = new ArrayList<>();
            for (JsonNode child : JSON.readTree(indexBytes).get("manifests")) {
                String digest = child.get("digest").asString();
                manifests.add(digest);
                byte[] manifest = kubo.ipfs("cat", tree + "/v2/lib/multi/manifests/" + digest).getBytes(StandardCharsets.UTF_8);
                assertEquals(digest, "sha256:" + OciLayout.sha256(manifest), "child manifest " + digest);
                blobs.addAll(blobsOf(manifest));
            }
            assertEquals(manifests.stream().sorted().toList(), names(kubo, tree + "/v2/lib/multi/manifests"));
            assertEquals(blobs.stream().sorted().toList(), names(kubo, tree + "/v2/lib/multi/blobs"));
            assertEquals(List.of("latest"), names(kubo, tree + "/repositories/lib/multi/_manifests/tags"));
        }
    }

    @Test
    void pushesArePublishedUnderTheIpnsKeyAfterTheDebounceInOneOrFewPublishes() throws Exception {
        try (KuboNode kubo = KuboNode.start()) {
            // name/resolve needs a routing system; a DHT with no peers resolves the node's own records.
            kubo.stop();
            kubo.ipfs("config", "Routing.Type", "dht");
            kubo.ipfs("config", "--json", "Routing.LoopbackAddressesOnLanDHT", "true");
            kubo.restart();
            try (RegistryProcess registry = RegistryProcess.berthOnIpfs("publishing-ipns", kubo,
                    "--berth.publish.ipns.key=berth-test", "--berth.publish.ipns.debounce=15s")) {
                String image = registry.host() + "/lib/app";
                Tools.tool("crane", work, "append", "-f", Tools.tarOfOneFile(work, "a.txt", "a\n").toString(), "-t", image + ":v1");
                for (String tag : List.of("v2", "v3", "v4")) {
                    Tools.tool("crane", work, "tag", image + ":v1", tag);
                }
                String root = field(get(registry.url(), "/berth/v1/root"), "cid");

                String answer = awaitPublished(registry, root, Duration.ofSeconds(90));
                String name = field(answer, "ipns");
                assertEquals("dnslink=/ipns/" + name, field(answer, "dnslink"));
                assertEquals("/ipfs/" + root, kubo.ipfs("name", "resolve", "/ipns/" + name).strip());

                String log = Files.readString(registry.log());
                long publishes = log.lines().filter(line -> line.contains("IPNS: /ipns/" + name + " -> ")).count();
                assertTrue(publishes >= 1 && publishes <= 2, "four pushes and the start within the debounce: " + publishes
                        + " publishes\n" + log);
                assertEquals(1, log.lines().filter(line -> line.contains("_dnslink.<your domain>  TXT  \"dnslink=/ipns/" + name)).count(),
                        "the DNSLink record to set is logged once");
            }
        }
    }

    private String awaitPublished(RegistryProcess registry, String root, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String answer = get(registry.url(), "/berth/v1/root");
        while (!answer.contains("\"published\":{\"cid\":\"" + root + "\"")) {
            assertTrue(System.nanoTime() < deadline, "not published within " + timeout + ": " + answer);
            Thread.sleep(500);
            answer = get(registry.url(), "/berth/v1/root");
        }
        return answer;
    }

    /** {@code <cid>.ipfs.localhost:<port>}: Kubo's subdomain gateway serves the CID's tree at the host's root. */
    private static String gatewayHost(KuboNode kubo, String cid) {
        return cid + ".ipfs.localhost:" + kubo.gateway().getPort();
    }

    /**
     * Runs a client with Kubo's gateway as its HTTP proxy: Go resolves no {@code *.localhost} names here,
     * so the client sends absolute-form requests whose host the subdomain gateway reads.
     */
    private static Tools.Result gatewayClient(KuboNode kubo, String tool, String... args) {
        Tools.Result result = gatewayTry(kubo, tool, args);
        assertEquals(0, result.exitCode(), tool + " through the gateway failed:\n" + result.stderr());
        return result;
    }

    private static Tools.Result gatewayTry(KuboNode kubo, String tool, String... args) {
        String proxy = "http://127.0.0.1:" + kubo.gateway().getPort();
        List<String> command = new ArrayList<>(List.of("env", "HTTP_PROXY=" + proxy, "http_proxy=" + proxy,
                "HTTPS_PROXY=", "https_proxy=", "NO_PROXY=", "no_proxy=", Tools.path(tool).toString()));
        command.addAll(List.of(args));
        return Tools.tryRun(command, Tools.REPOSITORY, Duration.ofMinutes(3));
    }

    /** The config and layer digests of an image manifest. */
    private static List<String> blobsOf(byte[] manifest) {
        JsonNode root = JSON.readTree(manifest);
        List<String> digests = new ArrayList<>();
        digests.add(root.get("config").get("digest").asString());
        root.get("layers").forEach(layer -> digests.add(layer.get("digest").asString()));
        return digests;
    }

    /** The names in a folder of an IPFS path, from {@code ipfs ls} ({@code <cid> <size> <name>[/]} lines). */
    private static List<String> names(KuboNode kubo, String path) throws IOException {
        return kubo.ipfs("ls", path).lines().map(line -> line.substring(line.lastIndexOf(' ') + 1).replaceAll("/$", ""))
                .sorted().toList();
    }

    private static long sizeOf(KuboNode kubo, String path) throws IOException {
        return kubo.client().files().stat(path).size();
    }

    private String get(URI registry, String path) throws Exception {
        HttpResponse<String> response = send(registry, "GET", path);
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return response.body();
    }

    private HttpResponse<String> send(URI registry, String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(registry.resolve(path)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        assertTrue(matcher.find(), name + " in " + json);
        return matcher.group(1);
    }
}
