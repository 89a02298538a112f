package dev.berth.bench;

import dev.berth.it.support.RegistryProcess;
import dev.berth.it.support.Tools;
import dev.berth.storage.ipfs.testing.KuboNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * crane push and pull of two images (one 1 GiB layer; 200 layers of 1 MiB) on Berth with the IPFS
 * driver, Berth with the filesystem driver and CNCF distribution on its filesystem driver, side by
 * side in one run; Berth's heap is sampled with jstat throughout, and manifest HEAD latency is
 * measured on each registry.
 *
 * <p>Run with {@code ./berth bench registry [big layer MiB] [small layers]}; writes
 * {@code docs/benchmarks/registry.md} and {@code .svg}.
 */
public final class RegistryBenchmark {
    private static final int MiB = 1 << 20;
    private static final int HEADS = 2000;

    private record Timing(double pushSeconds, double pullSeconds) {}

    private record Result(String registry, Map<String, Timing> images, double headP50Ms, double headP99Ms, long peakHeap) {}

    public static void main(String[] args) throws Exception {
        int bigMib = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        int smallLayers = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path out = Files.createDirectories(Path.of(args.length > 2 ? args[2] : "docs/benchmarks"));
        Path work = Files.createTempDirectory("berth-registry-bench");

        Map<String, Path> images = new LinkedHashMap<>();
        images.put("1 x " + bigMib + " MiB layer", image(work, "big", 1, bigMib));
        images.put(smallLayers + " x 1 MiB layers", image(work, "small", smallLayers, 1));

        List<Result> results = new ArrayList<>();
        try (KuboNode kubo = KuboNode.start()) {
            try (RegistryProcess berth = RegistryProcess.berthOnIpfs("bench-berth-ipfs", kubo, "--logging.level.root=warn")) {
                results.add(measure("Berth, IPFS driver", berth, images, work, true));
            }
        }
        try (RegistryProcess berth = RegistryProcess.berth("bench-berth-filesystem", List.of(
                "--berth.storage.driver=filesystem", "--berth.storage.filesystem.root=" + work.resolve("berth-fs"),
                "--logging.level.root=warn"))) {
            results.add(measure("Berth, filesystem driver", berth, images, work, true));
        }
        try (RegistryProcess distribution = RegistryProcess.distribution("bench-distribution", work.resolve("distribution"))) {
            results.add(measure("distribution v3.1.1, filesystem", distribution, images, work, false));
        }
        report(out, images.keySet().stream().toList(), results);
    }

    /** Builds an image tarball with crane from random layers (done once; the push then only uploads). */
    static Path image(Path work, String name, int layers, int layerMib) throws IOException {
        Path dir = Files.createDirectories(work.resolve(name));
        List<String> command = new ArrayList<>(List.of(Tools.path("crane").toString(), "append", "--oci-empty-base",
                "--new_tag", "bench/" + name + ":latest", "-o", dir.resolve("image.tar").toString()));
        SplittableRandom random = new SplittableRandom(layers * 31L + layerMib);
        for (int i = 0; i < layers; i++) {
            Path content = Files.createDirectories(dir.resolve("layer-" + i)).resolve("data.bin");
            byte[] block = new byte[MiB];
            try (OutputStream stream = Files.newOutputStream(content)) {
                for (int m = 0; m < layerMib; m++) {
                    random.nextBytes(block);
                    stream.write(block);
                }
            }
            Path tar = dir.resolve("layer-" + i + ".tar");
            Tools.run(List.of("tar", "-cf", tar.toString(), "-C", content.getParent().toString(), "data.bin"), dir,
                    Duration.ofMinutes(5));
            Files.delete(content);
            command.add("-f");
            command.add(tar.toString());
        }
        Tools.run(command, dir, Duration.ofMinutes(30));
        return dir.resolve("image.tar");
    }

    private static Result measure(String label, RegistryProcess registry, Map<String, Path> images, Path work,
            boolean sampleHeap) throws Exception {
        HeapSampler heap = sampleHeap ? HeapSampler.start(registry.pid()) : null;
        Map<String, Timing> timings = new LinkedHashMap<>();
        String firstRef = null;
        int n = 0;
        for (Map.Entry<String, Path> image : images.entrySet()) {
            String ref = registry.host() + "/bench/image" + (n++) + ":latest";
            firstRef = firstRef == null ? ref : firstRef;
            long start = System.nanoTime();
            Tools.run(List.of(Tools.path("crane").toString(), "push", image.getValue().toString(), ref), work,
                    Duration.ofMinutes(30));
            double push = (System.nanoTime() - start) / 1e9;
            Path pulled = work.resolve("pulled-" + registry.host().replace(':', '-') + "-" + n);
            start = System.nanoTime();
            Tools.run(List.of(Tools.path("crane").toString(), "pull", "--format=oci", ref, pulled.toString()), work,
                    Duration.ofMinutes(30));
            double pull = (System.nanoTime() - start) / 1e9;
            Tools.run(List.of("rm", "-rf", pulled.toString()), work, Duration.ofMinutes(5));
            timings.put(image.getKey(), new Timing(push, pull));
            System.out.printf(Locale.ROOT, "%s, %s: push %.2f s, pull %.2f s%n", label, image.getKey(), push, pull);
        }
        double[] heads = headLatencies(URI.create("http://" + firstRef.replace(":latest", "").replaceFirst("/", "/v2/")
                + "/manifests/latest"));
        long peak = heap == null ? -1 : heap.stop();
        return new Result(label, timings, percentile(heads, 50), percentile(heads, 99), peak);
    }

    private static double[] headLatencies(URI manifest) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest head = HttpRequest.newBuilder(manifest).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", "application/vnd.oci.image.manifest.v1+json").build();
        for (int i = 0; i < 200; i++) {
            http.send(head, HttpResponse.BodyHandlers.discarding());
        }
        double[] millis = new double[HEADS];
        for (int i = 0; i < HEADS; i++) {
            long start = System.nanoTime();
            HttpResponse<Void> response = http.send(head, HttpResponse.BodyHandlers.discarding());
            millis[i] = (System.nanoTime() - start) / 1e6;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HEAD " + manifest + " answered " + response.statusCode());
            }
        }
        Arrays.sort(millis);
        return millis;
    }

    private static double percentile(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /** Samples a JVM's heap use (survivor, eden and old generation) with jstat every 100 ms. */
    private static final class HeapSampler {
        private final Process jstat;
        private final AtomicLong peakKb = new AtomicLong();
        private final Thread reader;

        private HeapSampler(Process jstat) {
            this.jstat = jstat;
            this.reader = Thread.ofPlatform().daemon().start(this::read);
        }

        static HeapSampler start(long pid) throws IOException {
            Path jstat = Path.of(System.getProperty("java.home"), "bin", "jstat");
            return new HeapSampler(new ProcessBuilder(jstat.toString(), "-gc", Long.toString(pid), "100")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start());
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(jstat.getInputStream()))) {
                List<String> header = null;
                for (String line; (line = lines.readLine()) != null; ) {
                    List<String> cells = List.of(line.trim().split("\\s+"));
                    if (cells.contains("EU")) {
                        header = cells;
                    } else if (header != null && cells.size() == header.size()) {
                        double used = 0;
                        for (String column : List.of("S0U", "S1U", "EU", "OU")) {
                            used += Double.parseDouble(cells.get(header.indexOf(column)));
                        }
                        peakKb.accumulateAndGet((long) used, Math::max);
                    }
                }
            } catch (IOException | NumberFormatException ended) {
                // The JVM went away, or jstat printed something else: keep what was read.
            }
        }

        long stop() throws InterruptedException {
            jstat.destroy();
            reader.join(5000);
            return peakKb.get() * 1024;
        }
    }

    private static void report(Path out, List<String> images, List<Result> results) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Registry push and pull\n\n");
        md.append(String.format(Locale.ROOT, """
                Measured %s on one machine (%d cores): `crane push` of an image tarball built beforehand and
                `crane pull --format=oci` into an empty folder, over loopback, one after the other, on each
                registry in the same run. Berth runs as its standalone jar with `-Xmx256m`; its heap (survivor,
                eden and old generation) is sampled by `jstat` every 100 ms throughout. Manifest HEAD latency:
                %d sequential requests after 200 warm-up requests.

                """, LocalDate.now(), Runtime.getRuntime().availableProcessors(), HEADS));
        md.append("| registry | image | push (s) | pull (s) |\n| --- | --- | ---: | ---: |\n");
        for (Result result : results) {
            for (String image : images) {
                Timing t = result.images().get(image);
                md.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f |%n", result.registry(), image,
                        t.pushSeconds(), t.pullSeconds()));
            }
        }
        md.append("\n| registry | manifest HEAD p50 (ms) | p99 (ms) | peak heap (MiB) |\n| --- | ---: | ---: | ---: |\n");
        for (Result result : results) {
            md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %s |%n", result.registry(), result.headP50Ms(),
                    result.headP99Ms(), result.peakHeap() < 0 ? "n/a (Go)" : Long.toString(result.peakHeap() / MiB)));
        }
        Result ipfs = results.get(0);
        Result fs = results.get(1);
        Result distribution = results.get(2);
        md.append("\nRatios (higher is better for Berth; time of the other divided by Berth's time):\n\n");
        md.append("| image | Berth-fs vs distribution, push | pull | Berth-IPFS vs Berth-fs, push | pull |\n");
        md.append("| --- | ---: | ---: | ---: | ---: |\n");
        BarChart chart = new BarChart("crane push + pull, seconds (lower is better)", "s",
                results.stream().map(Result::registry).toList());
        for (String image : images) {
            md.append(String.format(Locale.ROOT, "| %s | %.2fx | %.2fx | %.2fx | %.2fx |%n", image,
                    distribution.images().get(image).pushSeconds() / fs.images().get(image).pushSeconds(),
                    distribution.images().get(image).pullSeconds() / fs.images().get(image).pullSeconds(),
                    fs.images().get(image).pushSeconds() / ipfs.images().get(image).pushSeconds(),
                    fs.images().get(image).pullSeconds() / ipfs.images().get(image).pullSeconds()));
            chart.group("push " + image, results.stream().map(r -> r.images().get(image).pushSeconds()).toList());
            chart.group("pull " + image, results.stream().map(r -> r.images().get(image).pullSeconds()).toList());
        }
        md.append("\nReproduce: `./berth bench registry`.\n\n![push and pull times](registry.svg)\n");
        Files.writeString(out.resolve("registry.md"), md.toString());
        Files.writeString(out.resolve("registry.svg"), chart.svg());
        System.out.print(md);
    }

    private RegistryBenchmark() {}
}
