package dev.berth.bench;

import dev.berth.it.support.RegistryProcess;
import dev.berth.it.support.TokenAuthDistribution;
import dev.berth.it.support.TokenServer;
import dev.berth.it.support.Tools;
import dev.berth.it.support.UpstreamImages;
import dev.berth.storage.ipfs.testing.KuboNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pulls through the mirror against pulls straight from the upstream, in one run: an upstream CNCF
 * distribution with token authentication (anonymous pulls of the bench repositories), and Berth
 * mirrors on IPFS. Each round pushes a new image of one large layer of random bytes, then
 * {@code crane pull --format=oci}s it directly from the upstream, through mirror A whose cache does
 * not have it (cold), through A again (warm), and through mirror B, a fresh Berth on a fresh Kubo
 * node whose mirror group is A's published tree (cold cache; the blocks come from A's node by
 * bitswap). Rounds alternate the order where the cache allows (cold before warm and before the
 * peer); the report gives the median, minimum and maximum of each.
 *
 * <p>Run with {@code ./berth bench mirror [layer MiB] [rounds]} (defaults 256 and 3); writes
 * {@code docs/benchmarks/mirror.md} and {@code .svg}.
 */
public final class MirrorBenchmark {
    private static final String DIRECT = "directly from the upstream";
    private static final String COLD = "through the mirror, cold";
    private static final String WARM = "through the mirror, warm";
    private static final String PEER = "through a group peer, cold cache";
    private static final String WARM_UP = "library/warm-up";

    public static void main(String[] args) throws Exception {
        int layerMib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path out = Files.createDirectories(Path.of(args.length > 2 ? args[2] : "docs/benchmarks"));
        Path work = Files.createTempDirectory("berth-mirror-bench");
        Map<String, List<Double>> times = new LinkedHashMap<>();
        List.of(DIRECT, COLD, WARM, PEER).forEach(label -> times.put(label, new ArrayList<>()));
        List<String> publicRepositories = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            publicRepositories.add("library/bench-" + round);
        }
        publicRepositories.add(WARM_UP);
        try (TokenServer tokens = TokenServer.start(work.resolve("tokens"), "berth-bench-upstream", Map.of("bench", "bench-5ecret"),
                publicRepositories, Duration.ofHours(1));
             TokenAuthDistribution upstream = TokenAuthDistribution.start("bench-mirror-upstream", work.resolve("upstream"), tokens);
             KuboNode kuboA = KuboNode.start();
             RegistryProcess mirrorA = RegistryProcess.berthOnIpfs("bench-mirror-a", kuboA, mirrorOf(upstream))) {
            UpstreamImages images = UpstreamImages.loggedIn(upstream.host(), "bench", "bench-5ecret", work.resolve("crane"));
            // a small image, untimed, through every path first: "cold" is about the cache, not the JVM
            images.pushImage(WARM_UP, "latest", 4L * 1024 * 1024, 99, false);
            pull(work, mirrorA.host() + "/docker.io/" + WARM_UP);
            awaitStoredAndRootCid(mirrorA, WARM_UP);
            pull(work, mirrorA.host() + "/docker.io/" + WARM_UP);
            for (int round = 0; round < rounds; round++) {
                String repository = "library/bench-" + round;
                images.pushImage(repository, "latest", layerMib * 1024L * 1024, 100 + round, false);
                String direct = upstream.host() + "/" + repository;
                String throughA = mirrorA.host() + "/docker.io/" + repository;
                if (round % 2 == 0) {
                    times.get(DIRECT).add(pull(work, direct));
                    times.get(COLD).add(pull(work, throughA));
                    String root = awaitStoredAndRootCid(mirrorA, repository);
                    times.get(WARM).add(pull(work, throughA));
                    times.get(PEER).add(pullThroughPeer(work, upstream, kuboA, root, repository, round));
                } else {
                    times.get(COLD).add(pull(work, throughA));
                    String root = awaitStoredAndRootCid(mirrorA, repository);
                    times.get(PEER).add(pullThroughPeer(work, upstream, kuboA, root, repository, round));
                    times.get(WARM).add(pull(work, throughA));
                    times.get(DIRECT).add(pull(work, direct));
                }
            }
        }
        report(out, layerMib, rounds, times);
    }

    /** A fresh Kubo node and Berth whose mirror group is A's tree as it is now: nothing of the image is on B. */
    private static double pullThroughPeer(Path work, TokenAuthDistribution upstream, KuboNode kuboA, String root, String repository,
                                          int round) throws Exception {
        List<String> arguments = new ArrayList<>(List.of(mirrorOf(upstream)));
        arguments.add("--berth.mirror.group[0].tree=/ipfs/" + root);
        arguments.add("--berth.storage.ipfs.peers=" + kuboA.multiaddr());
        arguments.add("--berth.remote.timeout=60s");
        try (KuboNode kuboB = KuboNode.start();
             RegistryProcess mirrorB = RegistryProcess.berthOnIpfs("bench-mirror-b-" + round, kuboB, arguments.toArray(String[]::new))) {
            pull(work, mirrorB.host() + "/docker.io/" + WARM_UP); // through the group too: A has it
            return pull(work, mirrorB.host() + "/docker.io/" + repository);
        }
    }

    private static String[] mirrorOf(TokenAuthDistribution upstream) {
        return new String[] {"--logging.level.root=warn", "--berth.mirror.upstreams[0].name=docker.io",
                "--berth.mirror.upstreams[0].url=" + upstream.url()};
    }

    private static double pull(Path work, String repository) {
        Path pulled = work.resolve("pulled");
        long start = System.nanoTime();
        Tools.run(List.of(Tools.path("crane").toString(), "pull", "--format=oci", repository + ":latest", pulled.toString()), work,
                Duration.ofMinutes(30));
        double seconds = (System.nanoTime() - start) / 1e9;
        Tools.run(List.of("rm", "-rf", pulled.toString()), work, Duration.ofMinutes(5));
        System.out.printf(Locale.ROOT, "%s: %.2f s%n", repository, seconds);
        return seconds;
    }

    /**
     * A's root CID once its cache holds the image: a client has a blob before the mirror has stored
     * it, and the tree has it only then (the warm pull is then a pull from the cache, not from the
     * fetch's spool).
     */
    private static String awaitStoredAndRootCid(RegistryProcess mirror, String repository) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (true) {
            HttpResponse<String> manifest = http.send(HttpRequest.newBuilder(mirror.url().resolve("/v2/docker.io/" + repository + "/manifests/latest"))
                    .header("Accept", "application/vnd.docker.distribution.manifest.v2+json").build(), HttpResponse.BodyHandlers.ofString());
            boolean stored = true;
            for (Matcher blob = Pattern.compile("\"(sha256:[0-9a-f]{64})\"").matcher(manifest.body()); blob.find(); ) {
                HttpResponse<Void> head = http.send(HttpRequest.newBuilder(mirror.url().resolve("/v2/docker.io/" + repository + "/blobs/"
                        + blob.group(1))).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
                stored &= head.headers().firstValue("X-Berth-Mirror").orElse("").equals("hit");
            }
            if (stored) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(repository + " was not stored within 5 minutes");
            }
            Thread.sleep(200);
        }
        HttpResponse<String> root = http.send(HttpRequest.newBuilder(mirror.url().resolve("/berth/v1/root")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher cid = Pattern.compile("\"cid\"\\s*:\\s*\"([a-z0-9]+)\"").matcher(root.body());
        if (!cid.find()) {
            throw new IllegalStateException("no root CID in " + root.body());
        }
        return cid.group(1);
    }

    private static void report(Path out, int layerMib, int rounds, Map<String, List<Double>> times) throws Exception {
        StringBuilder md = new StringBuilder("# Pulls through the mirror\n\n");
        md.append(String.format(Locale.ROOT, """
                Measured %s on one machine (%d cores), %d rounds in one run: each round pushes a new image of
                one %d MiB layer of random bytes to the upstream (CNCF distribution v3.1.1 with token
                authentication, anonymous pulls of the bench repositories), then pulls it with
                `crane pull --format=oci` into an empty folder: directly from the upstream; through mirror A
                (a Berth jar, `-Xmx256m`, IPFS driver on its own Kubo) whose cache does not have it; through A
                again once A has stored it; and through mirror B, a fresh Berth on a fresh Kubo node whose only way to the image
                without the upstream is its mirror group, A's published tree, which its Kubo fetches from A's
                by bitswap (B's cache is cold). Rounds alternate the order (even: direct, cold, warm, peer;
                odd: cold, peer, warm, direct). Before measuring, each Berth pulls a 4 MiB image through the
                same paths (B through its group), so that its JVM is not cold, only its cache. Times in
                seconds: median, with minimum and maximum.

                | pull | median | min | max | MiB/s (median) |
                | --- | ---: | ---: | ---: | ---: |
                """, LocalDate.now(), Runtime.getRuntime().availableProcessors(), rounds, layerMib));
        BarChart chart = new BarChart("crane pull of a " + layerMib + " MiB image, seconds (lower is better)", "s",
                List.of("minimum", "median", "maximum"));
        Map<String, Double> medians = new LinkedHashMap<>();
        times.forEach((label, values) -> {
            List<Double> sorted = values.stream().sorted().toList();
            double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                    : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
            medians.put(label, median);
            md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.1f |%n", label, median, sorted.getFirst(),
                    sorted.getLast(), layerMib / median));
            chart.group(label, List.of(sorted.getFirst(), median, sorted.getLast()));
        });
        double direct = medians.get(DIRECT);
        double warm = medians.get(WARM);
        md.append(String.format(Locale.ROOT, """

                Ratios of the medians: cold mirror / direct %.2f (target at most 1.2); warm mirror / direct %.2f
                (target at most 1.0); group peer / warm mirror %.2f (target at most 1.5).
                """, medians.get(COLD) / direct, warm / direct, medians.get(PEER) / warm));
        md.append("""

                Reading them: the upstream here is a distribution on the same machine, which hands crane a
                blob from the page cache over loopback, so "direct" is as fast as a pull gets; a real upstream
                is a network away. A cold pull through the mirror adds a hop and the SHA-256 of every byte
                before the last one is released; storing the blob into Kubo comes after the client's last
                byte, and the warm pull starts once it is stored. A warm pull reads from Kubo (`cat`), whose
                own speed on this machine is the floor of every pull from the cache. The group peer's pull is
                bounded by bitswap between two Kubo nodes (B's Kubo fetches the whole blob with many requests
                at once while Berth streams it), Kubo checking every block against its CID and Berth the blob
                against its digest.
                """);
        md.append("\nReproduce: `./berth bench mirror` (or `./berth bench mirror <layer MiB> <rounds>`).\n\n![pull times](mirror.svg)\n");
        Files.writeString(out.resolve("mirror.md"), md.toString());
        Files.writeString(out.resolve("mirror.svg"), chart.svg());
        System.out.print(md);
    }

    private MirrorBenchmark() {}
}
