package dev.berth.bench;

import dev.berth.it.support.Tools;
import dev.berth.storage.ipfs.testing.KuboNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One blob pushed to Berth on IPFS in a single {@code POST ?digest=}, against {@code ipfs add
 * --cid-version=1 --raw-leaves} of the same bytes on the same Kubo node. The add goes first, unpinned,
 * and {@code ipfs repo gc} then drops its blocks, so that Berth's push finds none of them stored; the
 * order stays fixed because Berth's copy, linked in MFS, could not be dropped for the add. Berth's
 * blob must then have the CID the add printed.
 */
final class MonolithicPush implements Scenario {
    private static final Duration TIMEOUT = Duration.ofMinutes(30);
    private static final String IPFS_ADD = "ipfs add --cid-version=1 --raw-leaves (same node)";

    private final Workload workload;
    private final BenchImages images;

    MonolithicPush(Workload workload, BenchImages images) {
        this.workload = workload;
        this.images = images;
    }

    @Override
    public String id() {
        return "monolithic";
    }

    @Override
    public boolean runsOn(Side side) {
        return side == Side.BERTH_IPFS;
    }

    @Override
    public void run(SideSession session) throws Exception {
        Path file = images.monolithic();
        String digest = BenchImage.sha256(file);
        KuboNode kubo = session.registry().kubo();
        Metric metric = Metric.againstKubo("one " + workload.monolithicMib() + " MiB blob, written once", IPFS_ADD);

        long start = System.nanoTime();
        String cid = ipfs(kubo, "add", "-Q", "--pin=false", "--cid-version=1", "--raw-leaves", file.toString()).strip();
        session.context().results().add(metric, IPFS_ADD, (System.nanoTime() - start) / 1e9);
        ipfs(kubo, "repo", "gc", "--quiet");

        URI registry = session.registry().url();
        start = System.nanoTime();
        OciPush.monolithic(session.context().http(), registry, "bench/monolithic", HttpRequest.BodyPublishers.ofFile(file), digest);
        session.context().results().add(metric, "Berth: POST ?digest= (monolithic push)", (System.nanoTime() - start) / 1e9);

        String ipfsPath = Http.send(session.context().http(), HttpRequest.newBuilder(registry.resolve("/v2/bench/monolithic/blobs/"
                + digest)).method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(), 0)
                .header("X-Ipfs-Path");
        session.context().results().check(ipfsPath.equals("/ipfs/" + cid)
                ? "the blob Berth stored from one POST has the CID of `ipfs add --cid-version=1 --raw-leaves` of the same bytes (" + cid + ")"
                : "the blob Berth stored from one POST is at `" + ipfsPath + "`, while `ipfs add` gave " + cid);
    }

    /** Runs the ipfs command line against the node, with a bound long enough for a 1 GiB add. */
    private static String ipfs(KuboNode kubo, String... args) {
        List<String> command = new ArrayList<>(List.of(kubo.binary().toString()));
        command.addAll(List.of(args));
        Tools.Result result = Tools.tryRun(command, kubo.repo(), TIMEOUT, Map.of("IPFS_PATH", kubo.repo().toString()));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("ipfs " + String.join(" ", args) + " exited " + result.exitCode() + ": " + result.stderr());
        }
        return result.stdout();
    }
}
