package dev.berth.bench;

import dev.berth.it.support.Tools;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cold pull across IPFS nodes against a local pull: two Berth jars on IPFS, A and B, each on a new
 * Kubo node (loopback only, no content routing; B knows A only as {@code berth.storage.ipfs.peers}).
 * crane pushes an image of one large layer to A; then {@code crane pull} of it from A (local) and from
 * B by {@code ipfs/<A's root CID>/<repository>} (B's Kubo has none of its blocks and fetches them from
 * A's by bitswap). The order of the two pulls alternates by round. Both processes' heaps are sampled.
 */
final class CrossNodePull {
    static final String ID = "cross-node";
    static final String LOCAL = "Berth A, local pull";
    static final String COLD = "Berth B, cold pull from A by root CID (bitswap)";
    private static final Pattern CID = Pattern.compile("\"cid\"\\s*:\\s*\"([a-z0-9]+)\"");

    private final BenchContext context;

    CrossNodePull(BenchContext context) {
        this.context = context;
    }

    void run(int round) throws Exception {
        BenchImage image = context.images().crossNode();
        Path storage = Files.createTempDirectory(context.work(), "cross-node-");
        Metric metric = metric(context.workload());
        String names = "bench-speed-cross-node-round-" + round;
        try (SideRegistry a = SideRegistry.berthOnIpfs(Side.BERTH_IPFS, context.jar(), storage.resolve("a"), names + "-a", List.of());
                SideRegistry b = SideRegistry.berthOnIpfs(Side.BERTH_IPFS, context.jar(), storage.resolve("b"), names + "-b",
                        List.of("--berth.storage.ipfs.peers=" + a.kubo().multiaddr(), "--berth.remote.timeout=60s"))) {
            String repository = "bench/" + image.name();
            Crane.push(image.layout(), a.host() + "/" + repository + ":latest");
            String root = rootCid(a.url());
            String local = a.host() + "/" + repository + ":latest";
            String remote = b.host() + "/ipfs/" + root + "/" + repository + ":latest";
            boolean localFirst = round % 2 == 1;
            for (boolean pullLocal : localFirst ? List.of(true, false) : List.of(false, true)) {
                if (pullLocal) {
                    context.results().add(metric, LOCAL, Crane.pull(local, context.work().resolve("pulled-a")));
                } else {
                    context.results().add(metric, COLD,
                            Crane.pull(remote, context.work().resolve("pulled-b")));
                }
            }
            context.results().add(Metric.memory("peak heap used, cross-node pull node A (serving)"), "Berth", a.peakHeapMib().orElseThrow());
            context.results().add(Metric.memory("peak heap used, cross-node pull node B (pulling)"), "Berth", b.peakHeapMib().orElseThrow());
        } finally {
            Tools.run(List.of("rm", "-rf", storage.toString()), context.work(), Duration.ofMinutes(10));
        }
    }

    static Metric metric(Workload workload) {
        return Metric.againstKubo("crane pull of a " + workload.crossNodeMib() + " MiB image", LOCAL);
    }

    private String rootCid(URI registry) throws Exception {
        String body = Http.getText(context.http(), registry.resolve("/berth/v1/root"), Duration.ofSeconds(30), 64 * 1024);
        Matcher cid = CID.matcher(body);
        if (!cid.find()) {
            throw new IllegalStateException("no root CID in " + body);
        }
        return cid.group(1);
    }
}
