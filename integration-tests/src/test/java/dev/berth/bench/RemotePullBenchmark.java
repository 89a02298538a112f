package dev.berth.bench;

import dev.berth.it.support.RegistryProcess;
import dev.berth.it.support.Tools;
import dev.berth.storage.ipfs.testing.KuboNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pull across IPFS nodes against a local pull, in one run: crane pushes an image with one large
 * layer to registry A; then {@code crane pull --format=oci} of it from A (local), from B by
 * {@code ipfs/<A's root CID>/...} with B's Kubo fetching every block from A's by bitswap (cross-node,
 * cold), from B again (its blocks now local), and from A by its own root CID (the remote-reading
 * path with no network).
 *
 * <p>Run with {@code ./berth bench remote [layer MiB]} (default 256); writes
 * {@code docs/benchmarks/remote-pull.md} and {@code .svg}.
 */
public final class RemotePullBenchmark {
    private static final String REPOSITORY = "bench/remote";

    public static void main(String[] args) throws Exception {
        int layerMib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        Path out = Files.createDirectories(Path.of(args.length > 1 ? args[1] : "docs/benchmarks"));
        Path work = Files.createTempDirectory("berth-remote-bench");
        Path image = RegistryBenchmark.image(work, "remote", 1, layerMib);

        Map<String, Double> pulls = new LinkedHashMap<>();
        try (KuboNode kuboA = KuboNode.start(); KuboNode kuboB = KuboNode.start();
                RegistryProcess registryA = RegistryProcess.berthOnIpfs("bench-remote-a", kuboA, "--logging.level.root=warn");
                RegistryProcess registryB = RegistryProcess.berthOnIpfs("bench-remote-b", kuboB, "--logging.level.root=warn",
                        "--berth.storage.ipfs.peers=" + kuboA.multiaddr(), "--berth.remote.timeout=60s")) {
            crane(work, "push", image.toString(), registryA.host() + "/" + REPOSITORY + ":latest");
            String root = rootCid(registryA);
            pulls.put("local pull on A", pull(work, registryA.host() + "/" + REPOSITORY));
            pulls.put("B from A by root CID (cold, bitswap)", pull(work, registryB.host() + "/ipfs/" + root + "/" + REPOSITORY));
            pulls.put("B by root CID again (blocks on B)", pull(work, registryB.host() + "/ipfs/" + root + "/" + REPOSITORY));
            pulls.put("A by its own root CID", pull(work, registryA.host() + "/ipfs/" + root + "/" + REPOSITORY));
        }
        report(out, layerMib, pulls);
    }

    private static double pull(Path work, String repository) {
        Path pulled = work.resolve("pulled");
        long start = System.nanoTime();
        crane(work, "pull", "--format=oci", repository + ":latest", pulled.toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        Tools.run(List.of("rm", "-rf", pulled.toString()), work, Duration.ofMinutes(5));
        System.out.printf(Locale.ROOT, "%s: %.2f s%n", repository, seconds);
        return seconds;
    }

    private static void crane(Path work, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(Tools.path("crane").toString()));
        command.addAll(List.of(args));
        Tools.run(command, work, Duration.ofMinutes(30));
    }

    private static String rootCid(RegistryProcess registry) throws Exception {
        HttpResponse<String> root = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(registry.url().resolve("/berth/v1/root")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher cid = Pattern.compile("\"cid\"\\s*:\\s*\"([a-z0-9]+)\"").matcher(root.body());
        if (!cid.find()) {
            throw new IllegalStateException("no root CID in " + root.body());
        }
        return cid.group(1);
    }

    private static void report(Path out, int layerMib, Map<String, Double> pulls) throws Exception {
        StringBuilder md = new StringBuilder("# Pulls across IPFS nodes\n\n");
        md.append(String.format(Locale.ROOT, """
                Measured %s on one machine (%d cores): an image of one %d MiB layer of random bytes, pushed
                with crane to Berth A, then pulled with `crane pull --format=oci` into an empty folder, one
                pull after the other in the same run. A and B are two Berth jars (`-Xmx256m`, IPFS driver), each
                on its own Kubo node (`Routing.Type=none`, no bootstrap, loopback only); B knows A only as
                `berth.storage.ipfs.peers`. Cross-node, B's Kubo fetches every block from A's by bitswap and
                Berth checks each blob against its digest as it streams.

                | pull | seconds | MiB/s |
                | --- | ---: | ---: |
                """, LocalDate.now(), Runtime.getRuntime().availableProcessors(), layerMib));
        BarChart chart = new BarChart("crane pull of a " + layerMib + " MiB image, seconds (lower is better)", "s",
                List.of("crane pull --format=oci"));
        pulls.forEach((label, seconds) -> {
            md.append(String.format(Locale.ROOT, "| %s | %.2f | %.1f |%n", label, seconds, layerMib / seconds));
            chart.group(label, List.of(seconds));
        });
        double local = pulls.values().iterator().next();
        double cross = pulls.get("B from A by root CID (cold, bitswap)");
        md.append(String.format(Locale.ROOT, "%nThe cold cross-node pull takes %.2fx the time of the local pull.%n", cross / local));
        md.append("\nReproduce: `./berth bench remote` (or `./berth bench remote <layer MiB>`).\n\n![pull times](remote-pull.svg)\n");
        Files.writeString(out.resolve("remote-pull.md"), md.toString());
        Files.writeString(out.resolve("remote-pull.svg"), chart.svg());
        System.out.print(md);
    }

    private RemotePullBenchmark() {}
}
