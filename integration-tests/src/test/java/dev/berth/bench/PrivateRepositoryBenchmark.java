package dev.berth.bench;

import dev.berth.it.support.RegistryProcess;
import dev.berth.it.support.Tools;
import dev.berth.storage.ipfs.testing.KuboNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Push and pull of a private image against the same image public, on one Berth over one Kubo, in
 * one run: each round builds fresh images (so that nothing is deduplicated from an earlier round),
 * pushes and pulls each image once to a public repository and once to a private one (encrypted with
 * a keyset), alternating which goes first from round to round. Reports the median of the rounds,
 * with their minimum and maximum, and the private/public speed ratio.
 *
 * <p>Run with {@code ./berth bench private [rounds] [large layer MiB]} (defaults 5 and 256); writes
 * {@code docs/benchmarks/private-repositories.md} and {@code .svg}.
 */
public final class PrivateRepositoryBenchmark {
    private static final int MiB = 1 << 20;
    private static final String PUBLIC = "public";
    private static final String PRIVATE = "private";

    private record Image(String label, int layers, int layerMib) {}

    /** The seconds of every round of one operation of one image, public and private. */
    private static final class Samples {
        final List<Double> publicSeconds = new ArrayList<>();
        final List<Double> privateSeconds = new ArrayList<>();

        List<Double> of(String visibility) {
            return visibility.equals(PUBLIC) ? publicSeconds : privateSeconds;
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int largeMib = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        Path out = Files.createDirectories(Path.of(args.length > 2 ? args[2] : "docs/benchmarks"));
        if (rounds < 3) {
            throw new IllegalArgumentException("at least 3 rounds, for a median with a minimum and a maximum");
        }
        Path work = Files.createTempDirectory("berth-private-bench");
        String loadBefore = loadAverage();
        List<Image> images = List.of(new Image("1 x " + largeMib + " MiB layer", 1, largeMib), new Image("50 x 1 MiB layers", 50, 1));
        List<String> failures = new ArrayList<>();
        Map<String, Samples> pushes = new LinkedHashMap<>();
        Map<String, Samples> pulls = new LinkedHashMap<>();
        images.forEach(image -> {
            pushes.put(image.label(), new Samples());
            pulls.put(image.label(), new Samples());
        });
        try {
            try (KuboNode kubo = KuboNode.start();
                    RegistryProcess berth = RegistryProcess.berthOnIpfs("bench-private", kubo, "--logging.level.root=warn",
                            "--berth.encryption.repositories=private/**", "--berth.encryption.keyset=" + work.resolve("keyset.json"),
                            "--berth.encryption.staging=" + work.resolve("staging"))) {
                for (int round = 1; round <= rounds; round++) {
                    List<String> order = round % 2 == 1 ? List.of(PUBLIC, PRIVATE) : List.of(PRIVATE, PUBLIC);
                    for (Image image : images) {
                        Path tarball = build(work, "round-" + round + "-" + image.layers(), image.layers(), image.layerMib(), round);
                        for (String visibility : order) {
                            String repository = berth.host() + "/" + visibility + "/round-" + round + "-" + image.layers();
                            double[] timing;
                            try {
                                timing = pushAndPull(work, tarball, repository);
                            } catch (AssertionError failed) {
                                // measured again under another name; the report lists every failure
                                failures.add(String.format(Locale.ROOT, "round %d, %s, %s: %s", round, image.label(), visibility,
                                        failed.getMessage().lines().filter(line -> line.startsWith("Error")).findFirst().orElse("failed")));
                                System.out.println("FAILED, measuring again: " + failures.getLast());
                                timing = pushAndPull(work, tarball, repository + "-again");
                            }
                            pushes.get(image.label()).of(visibility).add(timing[0]);
                            pulls.get(image.label()).of(visibility).add(timing[1]);
                            System.out.printf(Locale.ROOT, "round %d, %s, %s: push %.2f s, pull %.2f s%n", round, image.label(),
                                    visibility, timing[0], timing[1]);
                        }
                        Files.delete(tarball);
                    }
                }
            }
        } finally {
            // the images, pulls and keyset of a run are many GiB and worth nothing afterwards
            Tools.run(List.of("rm", "-rf", work.toString()), Path.of("."), Duration.ofMinutes(5));
        }
        report(out, rounds, largeMib, images, pushes, pulls, failures, loadBefore + " before, " + loadAverage() + " after");
    }

    /** The machine's load averages (1, 5 and 15 minutes), which say how busy it was with other work. */
    private static String loadAverage() throws IOException {
        Path loadavg = Path.of("/proc/loadavg");
        return Files.exists(loadavg) ? String.join(" ", List.of(Files.readString(loadavg).split(" ")).subList(0, 3)) : "unknown";
    }

    /** The seconds of a push of the tarball and of a pull of it back, in that order. */
    private static double[] pushAndPull(Path work, Path tarball, String repository) {
        double push = seconds(work, "push", tarball.toString(), repository + ":latest");
        Path pulled = work.resolve("pulled");
        double pull = seconds(work, "pull", "--format=oci", repository + ":latest", pulled.toString());
        Tools.run(List.of("rm", "-rf", pulled.toString()), work, Duration.ofMinutes(5));
        return new double[] {push, pull};
    }

    /** An image tarball of random layers, different for every seed. */
    private static Path build(Path work, String name, int layers, int layerMib, long seed) throws IOException {
        Path dir = Files.createDirectories(work.resolve(name));
        List<String> command = new ArrayList<>(List.of(Tools.path("crane").toString(), "append", "--oci-empty-base",
                "--new_tag", "bench/" + name + ":latest", "-o", dir.resolve("image.tar").toString()));
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + layers * 31L + layerMib);
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
            Tools.run(List.of("tar", "-cf", tar.toString(), "-C", content.getParent().toString(), "data.bin"), dir, Duration.ofMinutes(5));
            Files.delete(content);
            command.add("-f");
            command.add(tar.toString());
        }
        Tools.run(command, dir, Duration.ofMinutes(30));
        for (int i = 0; i < layers; i++) {
            Files.delete(dir.resolve("layer-" + i + ".tar"));
        }
        return dir.resolve("image.tar");
    }

    private static double seconds(Path work, String... craneArgs) {
        List<String> command = new ArrayList<>(List.of(Tools.path("crane").toString()));
        command.addAll(List.of(craneArgs));
        long start = System.nanoTime();
        Tools.run(command, work, Duration.ofMinutes(30));
        return (System.nanoTime() - start) / 1e9;
    }

    private static void report(Path out, int rounds, int largeMib, List<Image> images, Map<String, Samples> pushes,
                               Map<String, Samples> pulls, List<String> failures, String load) throws IOException {
        StringBuilder md = new StringBuilder("# Private repositories: push and pull against public ones\n\n");
        md.append(String.format(Locale.ROOT, """
                Measured %s on one machine (%d cores): one Berth jar (`-Xmx256m`, IPFS driver) over one Kubo node,
                `berth.encryption.repositories=private/**`. Each of %d rounds builds fresh images of random bytes (so
                that nothing is deduplicated from an earlier round) and, for each image, runs `crane push` of the
                tarball and `crane pull --format=oci` into an empty folder against a public repository and against a
                private one, alternating which goes first from round to round. A private push encrypts each
                segment under its own convergent key as the bytes arrive and imports the ciphertext into Kubo
                meanwhile, then links it into the private MFS root once its digest checks out; a private pull
                decrypts and hashes as it streams. The machine ran other work meanwhile
                (load averages %s).

                Seconds: median of the rounds (minimum - maximum). Ratio: public time / private time, the private
                repository's speed relative to the public one (higher is better; 1.00x is as fast).

                | image | operation | public (s) | private (s) | ratio |
                | --- | --- | ---: | ---: | ---: |
                """, LocalDate.now(), Runtime.getRuntime().availableProcessors(), rounds, load));
        BarChart chart = new BarChart("crane push and pull, median seconds (lower is better)", "s", List.of(PUBLIC, PRIVATE));
        List<String> ratios = new ArrayList<>();
        for (Image image : images) {
            for (String operation : List.of("push", "pull")) {
                Samples samples = (operation.equals("push") ? pushes : pulls).get(image.label());
                double publicMedian = median(samples.publicSeconds);
                double privateMedian = median(samples.privateSeconds);
                double ratio = publicMedian / privateMedian;
                md.append(String.format(Locale.ROOT, "| %s | %s | %.2f (%.2f - %.2f) | %.2f (%.2f - %.2f) | %.2fx |%n", image.label(),
                        operation, publicMedian, min(samples.publicSeconds), max(samples.publicSeconds), privateMedian,
                        min(samples.privateSeconds), max(samples.privateSeconds), ratio));
                chart.group(image.label() + ", " + operation, List.of(publicMedian, privateMedian));
                ratios.add(String.format(Locale.ROOT, "%.2fx", ratio));
            }
        }
        md.append(String.format(Locale.ROOT, "%nEvery round, in seconds (public / private):%n%n"));
        for (Image image : images) {
            for (String operation : List.of("push", "pull")) {
                Samples samples = (operation.equals("push") ? pushes : pulls).get(image.label());
                StringBuilder line = new StringBuilder("- " + image.label() + ", " + operation + ":");
                for (int i = 0; i < samples.publicSeconds.size(); i++) {
                    line.append(String.format(Locale.ROOT, " %.2f / %.2f;", samples.publicSeconds.get(i), samples.privateSeconds.get(i)));
                }
                md.append(line, 0, line.length() - 1).append('\n');
            }
        }
        md.append(String.format(Locale.ROOT, "%nThe target is at least 0.80x; measured %s.%n", String.join(", ", ratios)));
        if (!failures.isEmpty()) {
            md.append("\nOperations that failed and were measured again under another repository name:\n\n");
            failures.forEach(failure -> md.append("- ").append(failure).append('\n'));
        }
        md.append(String.format(Locale.ROOT, "%nReproduce: `./berth bench private` (or `./berth bench private <rounds> <large layer MiB>`, "
                + "here %d and %d).%n%n![push and pull times](private-repositories.svg)%n", rounds, largeMib));
        Files.writeString(out.resolve("private-repositories.md"), md.toString());
        Files.writeString(out.resolve("private-repositories.svg"), chart.svg());
        System.out.print(md);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    private PrivateRepositoryBenchmark() {}
}
