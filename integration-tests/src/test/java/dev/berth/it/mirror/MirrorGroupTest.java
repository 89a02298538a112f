package dev.berth.it.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.it.support.LocalDns;
import dev.berth.it.support.OciLayout;
import dev.berth.it.support.RegistryProcess;
import dev.berth.it.support.TokenAuthDistribution;
import dev.berth.it.support.TokenServer;
import dev.berth.it.support.Tools;
import dev.berth.it.support.UpstreamImages;
import dev.berth.storage.ipfs.testing.KuboNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two mirrors of one upstream in a mirror group, each Berth on its own Kubo node (isolated: no
 * bootstrap, not connected beforehand). A mirrors two images; B names A's published tree by a
 * DNSLink domain, whose {@code ipfsnode=} record is the peer hint to A's node. B finds what A has in
 * A's tree before asking the upstream, fetches it over bitswap, checks it, and keeps it by CID; once
 * the upstream is stopped, B still pulls what A mirrored and B never did. A member of B's group that
 * nobody provides costs one {@code group-timeout}, then is left alone.
 */
class MirrorGroupTest {
    private static final String PASSWORD = "group-5ecret";
    private static final String DOMAIN = "mirror-a.berth.test";

    @TempDir
    static Path work;

    @Test
    void aGroupPeerServesWhatAnotherMirroredBeforeTheUpstreamIsAskedAndWhenItIsGone() throws Exception {
        try (TokenServer tokens = TokenServer.start(work.resolve("tokens"), "berth-test-upstream", Map.of("alice", PASSWORD), List.of(),
                Duration.ofMinutes(5));
             TokenAuthDistribution upstream = TokenAuthDistribution.start("mirror-group-upstream", work.resolve("upstream"), tokens);
             KuboNode kuboA = KuboNode.start();
             KuboNode kuboB = KuboNode.start()) {
            UpstreamImages images = UpstreamImages.loggedIn(upstream.host(), "alice", PASSWORD, work.resolve("crane"));
            String first = images.pushImage("library/app", "v1", 3 * 1024 * 1024, 1, false);
            String second = images.pushImage("library/tool", "v1", 2 * 1024 * 1024, 2, true);
            String rootCid;
            try (RegistryProcess mirrorA = RegistryProcess.berthOnIpfs("mirror-group-a", kuboA, mirrorOf(upstream))) {
                crane("pull", mirrorA.host() + "/docker.io/library/app:v1", work.resolve("a-app.tar").toString());
                crane("pull", mirrorA.host() + "/docker.io/library/tool:v1", work.resolve("a-tool.tar").toString());
                // a client has its blobs before they are stored; the tree holds them once they are
                MirrorHttp.awaitCached(mirrorA.url(), "docker.io/library/app", MirrorPullThroughTest.digestsIn(images.manifest("library/app:v1")));
                MirrorHttp.awaitCached(mirrorA.url(), "docker.io/library/tool",
                        MirrorPullThroughTest.digestsIn(images.manifest("library/tool:v1")));
                rootCid = rootCidOf(mirrorA);
            }
            String appLayer = layerOf(images.manifest("library/app:v1"));
            long upstreamGets = MirrorHttp.blobGetsServed(upstream.log(), "library/app", appLayer);

            // B knows A by a DNSLink domain only, whose ipfsnode= record is its one way to A's node; before
            // it in B's group, a member gone for good: a tree that nobody provides
            Path nobodyHas = Files.writeString(work.resolve("gone.txt"), "a tree nobody has\n");
            String gone = kuboB.ipfs("add", "--only-hash", "--cid-version=1", "-Q", nobodyHas.toString()).strip();
            try (LocalDns dns = LocalDns.serving("mirror-group-dns", Map.of("_dnslink." + DOMAIN,
                    List.of("dnslink=/ipfs/" + rootCid, "ipfsnode=" + kuboA.multiaddr())));
                 RegistryProcess mirrorB = RegistryProcess.berthOnIpfs("mirror-group-b", kuboB, groupMember(upstream, dns, gone))) {
                // the upstream is up: it says where the tag points, the content comes from A's tree once the
                // gone member's look-up ran out of its group-timeout (not the 30 s a remote read may wait)
                Instant asked = Instant.now();
                assertEquals(first, crane("digest", mirrorB.host() + "/docker.io/library/app:v1").strip());
                assertTrue(Duration.between(asked, Instant.now()).compareTo(Duration.ofSeconds(20)) < 0,
                        "the gone member held B up for " + Duration.between(asked, Instant.now()));
                HttpResponse<byte[]> blob = MirrorHttp.get(mirrorB.url().resolve("/v2/docker.io/library/app/blobs/" + appLayer));
                assertEquals(200, blob.statusCode());
                assertEquals("peer", MirrorHttp.servedFrom(blob));
                assertEquals(appLayer, "sha256:" + OciLayout.sha256(blob.body()));
                assertEquals(upstreamGets, MirrorHttp.blobGetsServed(upstream.log(), "library/app", appLayer),
                        "B did not fetch the layer from the upstream");
                assertEquals("hit", MirrorHttp.servedFrom(MirrorHttp.get(mirrorB.url().resolve("/v2/docker.io/library/app/blobs/" + appLayer))));
                assertEquals(cidIn(kuboA, appLayer), cidIn(kuboB, appLayer), "B keeps the layer under A's CID");
                assertTrue(MirrorHttp.counter(mirrorB.url(), "berth_mirror_misses_total\\{content=\"blob\",source=\"peer\"") > 0);
                assertTrue(MirrorHttp.counter(mirrorB.url(), "berth_mirror_peer_bytes_total") >= 3 * 1024 * 1024, "bytes from peers counted");

                // the upstream is gone: the tag comes from the group too, said to be stale
                upstream.close();
                crane("pull", mirrorB.host() + "/docker.io/library/tool:v1", work.resolve("b-tool.tar").toString());
                HttpResponse<byte[]> manifest = MirrorHttp.get(mirrorB.url().resolve("/v2/docker.io/library/tool/manifests/v1"));
                assertEquals(second, manifest.headers().firstValue("Docker-Content-Digest").orElseThrow());
                assertTrue(MirrorHttp.servedFrom(manifest).startsWith("stale"), MirrorHttp.servedFrom(manifest));
                assertTrue(blocksReceived(kuboB) > 0, "B's Kubo received the blocks by bitswap");
            }
        }
    }

    private static String[] groupMember(TokenAuthDistribution upstream, LocalDns dns, String goneCid) {
        List<String> arguments = new ArrayList<>(List.of(mirrorOf(upstream)));
        arguments.addAll(List.of("--berth.mirror.group[0].tree=/ipfs/" + goneCid, "--berth.mirror.group[1].tree=/ipns/" + DOMAIN,
                "--berth.mirror.group-timeout=2s", "--berth.remote.timeout=30s", "--berth.dns.resolver=" + dns.address(),
                "--berth.remote.peer-hint-domains=berth.test", "--management.endpoints.web.exposure.include=health,prometheus"));
        return arguments.toArray(String[]::new);
    }

    private static String[] mirrorOf(TokenAuthDistribution upstream) {
        return MirrorHttp.upstream(0, "docker.io", upstream.url(), "alice", PASSWORD, "tag-ttl=0s", "read-timeout=3s",
                "request-timeout=5s").toArray(String[]::new);
    }

    private static String crane(String... args) {
        return Tools.tool("crane", work, args);
    }

    private static String layerOf(String manifest) {
        return MirrorPullThroughTest.digestsIn(manifest).getLast();
    }

    private static String cidIn(KuboNode kubo, String digest) throws IOException {
        String hex = digest.substring("sha256:".length());
        return kubo.ipfs("files", "stat", "--hash", "/berth/blobs/sha256/" + hex.substring(0, 2) + "/" + hex + "/data").strip();
    }

    private static String rootCidOf(RegistryProcess registry) throws IOException {
        String body = new String(MirrorHttp.plain(registry.url().resolve("/berth/v1/root")).body(), StandardCharsets.UTF_8);
        Matcher cid = Pattern.compile("\"cid\"\\s*:\\s*\"([a-z0-9]+)\"").matcher(body);
        assertTrue(cid.find(), body);
        return cid.group(1);
    }

    private static long blocksReceived(KuboNode node) throws IOException {
        Matcher received = Pattern.compile("\"BlocksReceived\"\\s*:\\s*(\\d+)").matcher(node.ipfs("bitswap", "stat", "--enc=json"));
        assertTrue(received.find());
        return Long.parseLong(received.group(1));
    }
}
