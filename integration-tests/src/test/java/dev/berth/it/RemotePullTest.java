package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.it.support.LocalDns;
import dev.berth.it.support.OciLayout;
import dev.berth.it.support.RegistryProcess;
import dev.berth.it.support.Tools;
import dev.berth.storage.ipfs.testing.KuboNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two isolated Kubo nodes (no bootstrap, no shared disk, not connected beforehand) and two Berth
 * processes: crane pushes to A; B pulls what A published, by root CID, by DNSLink and by IPNS key,
 * over bitswap, knowing A only through a peer hint.
 */
class RemotePullTest {
    private static final String REPOSITORY = "demo/app";
    private static final String TAG = "v1";
    private static final String DOMAIN = "registry.berth.test";
    private static final String SIGNATURE = "application/vnd.berth.test.signature";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path work;

    private static KuboNode kuboA;
    private static RegistryProcess registryA;
    private static String digest;
    private static String rootCid;

    /** A with a LAN DHT, so that the IPNS test can publish to B; the other tests do not need it. */
    @BeforeAll
    static void pushToA() throws Exception {
        kuboA = KuboNode.startWithLanDht();
        registryA = RegistryProcess.berthOnIpfs("remote-a", kuboA);
        Path layer = Tools.tarOfOneFile(work, "hello.txt", "hello from A\n");
        String image = registryA.host() + "/" + REPOSITORY + ":" + TAG;
        Tools.tool("crane", work, "append", "-f", layer.toString(), "-t", image);
        digest = Tools.tool("crane", work, "digest", image).strip();
        Path signature = Files.writeString(work.resolve("signature.txt"), "signed by A\n");
        Tools.tool("oras", work, "attach", "--plain-http", "--artifact-type", SIGNATURE, image,
                signature.getFileName() + ":text/plain");
        rootCid = rootCidOf(registryA);
    }

    @AfterAll
    static void stopA() {
        if (registryA != null) {
            registryA.close();
        }
        if (kuboA != null) {
            kuboA.close();
        }
    }

    @Test
    void pullsByRootCidThroughAnotherRegistryThatKnowsThePublisherOnlyAsAConfiguredPeer() throws Exception {
        try (KuboNode kuboB = KuboNode.start();
                RegistryProcess registryB = RegistryProcess.berthOnIpfs("remote-b-cid", kuboB,
                        "--berth.storage.ipfs.peers=" + kuboA.multiaddr())) {
            String remote = registryB.host() + "/ipfs/" + rootCid + "/" + REPOSITORY;
            assertEquals(digest, Tools.tool("crane", work, "digest", remote + ":" + TAG).strip());
            Path pulled = work.resolve("by-cid.tar");
            Tools.tool("crane", work, "pull", remote + ":" + TAG, pulled.toString());
            assertTrue(Files.size(pulled) > 0);
            // A second client: skopeo copies the image out of B into an OCI layout.
            Tools.tool("skopeo", work, "copy", "--src-tls-verify=false", "--preserve-digests",
                    "docker://" + remote + ":" + TAG, "oci:" + work.resolve("skopeo-layout") + ":" + TAG);
            assertTrue(Files.readString(work.resolve("skopeo-layout/index.json")).contains(digest));
            // The tree holds one repository, so ipfs/<cid> alone names it.
            assertEquals(digest, Tools.tool("crane", work, "digest", registryB.host() + "/ipfs/" + rootCid + ":" + TAG).strip());

            assertTrue(blocksReceived(kuboB) > 0, "B's Kubo received the blocks by bitswap");
            HttpResponse<String> manifest = get(registryB.url().resolve("/v2/ipfs/" + rootCid + "/" + REPOSITORY + "/manifests/" + TAG));
            assertEquals(200, manifest.statusCode(), manifest.body());
            assertTrue(manifest.headers().firstValue("X-Ipfs-Path").orElse("").startsWith("/ipfs/b"), manifest.headers().toString());
            HttpResponse<String> tags = get(registryB.url().resolve("/v2/ipfs/" + rootCid + "/" + REPOSITORY + "/tags/list"));
            assertTrue(tags.body().contains("\"" + TAG + "\""), tags.body());
            String referrers = Tools.tool("oras", work, "discover", "--plain-http", "--format", "json", remote + ":" + TAG);
            assertTrue(referrers.contains(SIGNATURE), "oras finds A's signature through B: " + referrers);
        }
    }

    @Test
    void pullThroughLinksTheVerifiedManifestAndBlobsIntoTheLocalBlobStore() throws Exception {
        try (KuboNode kuboB = KuboNode.start();
                RegistryProcess registryB = RegistryProcess.berthOnIpfs("remote-b-pull-through", kuboB,
                        "--berth.storage.ipfs.peers=" + kuboA.multiaddr(), "--berth.remote.pull-through=true")) {
            String remote = registryB.host() + "/ipfs/" + rootCid + "/" + REPOSITORY + ":" + TAG;
            Tools.tool("crane", work, "pull", remote, work.resolve("pulled-through.tar").toString());
            String manifest = kuboA.ipfs("cat", "/ipfs/" + rootCid + blobData(digest));
            List<String> kept = new java.util.ArrayList<>(digestsIn(manifest));
            kept.add(digest);
            for (String blob : kept) {
                assertEquals(kuboA.ipfs("files", "stat", "--hash", "/ipfs/" + rootCid + blobData(blob)).strip(),
                        kuboB.ipfs("files", "stat", "--hash", "/berth" + blobData(blob)).strip(),
                        blob + " is in B's own blob store under the same CID");
            }
        }
    }

    @Test
    void pullsByDnsLinkDomainWithTheIpfsnodeRecordAsTheOnlyPeerHint() throws Exception {
        try (LocalDns dns = dnsLinkToTheRootWithAHintAtA("remote-dns");
                KuboNode kuboB = KuboNode.start();
                RegistryProcess registryB = RegistryProcess.berthOnIpfs("remote-b-dnslink", kuboB,
                        "--berth.dns.resolver=" + dns.address(), "--berth.remote.peer-hint-domains=berth.test")) {
            String remote = registryB.host() + "/ipns/" + DOMAIN + "/" + REPOSITORY + ":" + TAG;
            assertEquals(digest, Tools.tool("crane", work, "digest", remote).strip());
            Tools.tool("crane", work, "pull", remote, work.resolve("by-dnslink.tar").toString());
            assertTrue(blocksReceived(kuboB) > 0, "B's Kubo received the blocks by bitswap");
        }
    }

    @Test
    void ipfsnodeHintsFromADomainOutsideTheAllowListAreNotDialed() throws Exception {
        try (LocalDns dns = dnsLinkToTheRootWithAHintAtA("remote-dns-not-allowed");
                KuboNode kuboB = KuboNode.start();
                RegistryProcess registryB = RegistryProcess.berthOnIpfs("remote-b-not-allowed", kuboB,
                        "--berth.dns.resolver=" + dns.address(), "--berth.remote.peer-hint-domains=example.com",
                        "--berth.remote.timeout=3s")) {
            HttpResponse<String> response = get(registryB.url().resolve("/v2/ipns/" + DOMAIN + "/" + REPOSITORY + "/manifests/" + TAG));
            assertEquals(404, response.statusCode(), response.body());
            assertTrue(response.body().contains("no reachable peer"), response.body());
            assertFalse(kuboB.ipfs("swarm", "peers").contains(kuboA.peerId()), "B did not dial the hint");
        }
    }

    @Test
    void pullsByIpnsKeyThatThePublisherSignedTheRootWith() throws Exception {
        try (KuboNode kuboB = KuboNode.startWithLanDht();
                RegistryProcess registryB = RegistryProcess.berthOnIpfs("remote-b-ipns", kuboB,
                        "--berth.storage.ipfs.peers=" + kuboA.multiaddr())) {
            awaitConnected(kuboB, kuboA);
            String key = kuboA.ipfs("key", "gen", "--type=ed25519", "remote-pull-test").strip();
            kuboA.ipfs("name", "publish", "--key=remote-pull-test", "/ipfs/" + rootCid);
            String remote = registryB.host() + "/ipns/" + key + "/" + REPOSITORY + ":" + TAG;
            assertEquals(digest, Tools.tool("crane", work, "digest", remote).strip());
            assertTrue(blocksReceived(kuboB) > 0, "B's Kubo received the blocks by bitswap");
        }
    }

    @Test
    void aCidThatNoReachablePeerProvidesFailsFastWithAnOciError() throws Exception {
        try (KuboNode kuboB = KuboNode.start();
                RegistryProcess registryB = RegistryProcess.berthOnIpfs("remote-b-missing", kuboB,
                        "--berth.storage.ipfs.peers=" + kuboA.multiaddr(), "--berth.remote.timeout=3s")) {
            Path nowhere = work.resolve("nowhere.txt");
            Files.writeString(nowhere, "content on no node " + Instant.now());
            String missing = kuboB.ipfs("add", "--only-hash", "--cid-version=1", "-Q", nowhere.toString()).strip();

            Instant start = Instant.now();
            HttpResponse<String> response = get(registryB.url().resolve("/v2/ipfs/" + missing + "/" + REPOSITORY + "/manifests/" + TAG));
            Duration took = Duration.between(start, Instant.now());

            assertEquals(404, response.statusCode(), response.body());
            assertTrue(response.body().contains("NAME_UNKNOWN") && response.body().contains("no reachable peer"), response.body());
            assertTrue(took.compareTo(Duration.ofSeconds(30)) < 0, "answered after " + took + " with a 3 s remote timeout");
        }
    }

    @Test
    void localPullsNameTheIpfsPathOfWhatTheyServe() throws Exception {
        HttpResponse<String> manifest = get(registryA.url().resolve("/v2/" + REPOSITORY + "/manifests/" + digest));
        String manifestPath = manifest.headers().firstValue("X-Ipfs-Path").orElseThrow();
        assertEquals(digest, "sha256:" + sha256(kuboA.ipfs("cat", manifestPath)), "Kubo serves the manifest at " + manifestPath);
        HttpResponse<String> blob = HTTP.send(HttpRequest.newBuilder(registryA.url().resolve("/v2/" + REPOSITORY + "/blobs/" + digestsIn(manifest.body()).getLast()))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, blob.statusCode());
        assertTrue(blob.headers().firstValue("X-Ipfs-Path").orElse("").matches("/ipfs/b[a-z2-7]+"), blob.headers().toString());
    }

    @Test
    void aTreeWithSeveralRepositoriesNeedsTheRepositoryNamed() throws Exception {
        Path layer = Tools.tarOfOneFile(work, "other.txt", "another repository\n");
        Tools.tool("crane", work, "append", "-f", layer.toString(), "-t", registryA.host() + "/other/app:" + TAG);
        String twoRepositories = rootCidOf(registryA);
        HttpResponse<String> unnamed = get(registryA.url().resolve("/v2/ipfs/" + twoRepositories + "/manifests/" + TAG));
        assertEquals(404, unnamed.statusCode(), unnamed.body());
        assertTrue(unnamed.body().contains("NAME_UNKNOWN") && unnamed.body().contains("several repositories"), unnamed.body());
        HttpResponse<String> named = get(registryA.url().resolve("/v2/ipfs/" + twoRepositories + "/other/app/manifests/" + TAG));
        assertEquals(200, named.statusCode(), named.body());
    }

    @Test
    void pushesIntoRemoteTreesAreDenied() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        registryA.url().resolve("/v2/ipfs/" + rootCid + "/" + REPOSITORY + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, response.statusCode(), response.body());
        assertTrue(response.body().contains("DENIED"), response.body());
    }

    /** A DNS server with {@code _dnslink.<DOMAIN>} pointing at A's root, and A's multiaddr as {@code ipfsnode=} hint. */
    private static LocalDns dnsLinkToTheRootWithAHintAtA(String logName) throws IOException {
        return LocalDns.serving(logName, Map.of("_dnslink." + DOMAIN,
                List.of("dnslink=/ipfs/" + rootCid, "ipfsnode=" + kuboA.multiaddr())));
    }

    /** The CID that {@code GET /berth/v1/root} reports. */
    private static String rootCidOf(RegistryProcess registry) throws Exception {
        String body = get(registry.url().resolve("/berth/v1/root")).body();
        Matcher cid = Pattern.compile("\"cid\"\\s*:\\s*\"([a-z0-9]+)\"").matcher(body);
        assertTrue(cid.find(), body);
        return cid.group(1);
    }

    /** The digests an image manifest names: its config blob, then its layers. */
    private static List<String> digestsIn(String manifest) {
        List<String> digests = Pattern.compile("\"(sha256:[0-9a-f]{64})\"").matcher(manifest).results().map(m -> m.group(1)).toList();
        assertTrue(digests.size() >= 2, manifest);
        return digests;
    }

    /** Where {@code RegistryLayout} keeps a blob's content. */
    private static String blobData(String digest) {
        String hex = digest.substring("sha256:".length());
        return "/blobs/sha256/" + hex.substring(0, 2) + "/" + hex + "/data";
    }

    private static String sha256(String content) {
        return OciLayout.sha256(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static long blocksReceived(KuboNode node) throws IOException {
        Matcher received = Pattern.compile("\"BlocksReceived\"\\s*:\\s*(\\d+)").matcher(node.ipfs("bitswap", "stat", "--enc=json"));
        assertTrue(received.find());
        return Long.parseLong(received.group(1));
    }

    private static void awaitConnected(KuboNode node, KuboNode peer) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!node.ipfs("swarm", "peers").contains(peer.peerId())) {
            assertTrue(Instant.now().isBefore(deadline), "B's registry connected its Kubo to A within 30 s");
            Thread.sleep(200);
        }
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
