package dev.berth.bench;

import dev.berth.storage.FileWriter;
import dev.berth.storage.ipfs.IpfsStorageDriver;
import dev.berth.storage.ipfs.kubo.ImportOptions;
import dev.berth.storage.ipfs.testing.KuboNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The IPFS driver against Kubo's own {@code ipfs add} and {@code ipfs cat} on the same node, in one
 * run: one file written and read back each way, several rounds, the median kept. Then a separate
 * JVM with {@code -Xmx128m} writes 1 GiB and 4 GiB through the driver while its heap is sampled.
 *
 * <p>Run with {@code ./berth bench driver [size MiB] [rounds]}; writes
 * {@code docs/benchmarks/ipfs-driver.md} and {@code .svg}.
 */
public final class DriverBenchmark {
    private static final int MiB = 1 << 20;

    public static void main(String[] args) throws Exception {
        int sizeMib = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path out = Path.of(args.length > 2 ? args[2] : "docs/benchmarks");
        Files.createDirectories(out);

        Path file = Files.createTempFile("berth-bench", ".bin");
        try (KuboNode node = KuboNode.start();
                IpfsStorageDriver driver = IpfsStorageDriver.builder().api(node.api()).root("/bench")
                        .timeout(Duration.ofMinutes(2)).build()) {
            writeRandom(file, (long) sizeMib * MiB);
            List<Double> rawWrite = new ArrayList<>();
            List<Double> rawRead = new ArrayList<>();
            List<Double> driverWrite = new ArrayList<>();
            List<Double> driverRead = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                // Alternate who goes first, and empty the blockstore in between, so that neither side
                // finds the other's blocks already stored or benefits from running second.
                boolean rawFirst = round % 2 == 0;
                for (int side = 0; side < 2; side++) {
                    if ((side == 0) == rawFirst) {
                        String cid = timed(rawWrite, sizeMib, () -> kubo(node, "add", "-Q", "--pin=false",
                                "--cid-version=1", "--raw-leaves", "--chunker=" + ImportOptions.BERTH.chunker(), file.toString()).strip());
                        timed(rawRead, sizeMib, () -> kuboDiscarding(node, "cat", cid));
                    } else {
                        timed(driverWrite, sizeMib, () -> {
                            try (InputStream in = Files.newInputStream(file); FileWriter writer = driver.writer("/file", false)) {
                                in.transferTo(writer);
                                writer.commit();
                            }
                            return null;
                        });
                        timed(driverRead, sizeMib, () -> {
                            try (InputStream in = driver.reader("/file", 0)) {
                                return in.transferTo(OutputStream.nullOutputStream());
                            }
                        });
                        driver.delete("/file");
                    }
                    kubo(node, "repo", "gc", "--quiet");
                }
                System.out.printf(Locale.ROOT, "round %d: raw write %.0f read %.0f, driver write %.0f read %.0f MiB/s%n",
                        round + 1, rawWrite.getLast(), rawRead.getLast(), driverWrite.getLast(), driverRead.getLast());
            }
            List<Long> heap1 = heapProbe(node, 1024);
            List<Long> heap4 = heapProbe(node, 4096);
            report(out, node.ipfs("version", "--number").strip(), sizeMib, rounds, median(rawWrite), median(rawRead),
                    median(driverWrite), median(driverRead), heap1, heap4);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private interface Step {
        Object run() throws Exception;
    }

    /** Runs the step, adds its throughput in MiB/s to the list, and returns its result. */
    private static <T> T timed(List<Double> throughputs, int sizeMib, Step step) throws Exception {
        long start = System.nanoTime();
        @SuppressWarnings("unchecked")
        T result = (T) step.run();
        throughputs.add(sizeMib / ((System.nanoTime() - start) / 1e9));
        return result;
    }

    private static String kubo(KuboNode node, String... args) throws IOException, InterruptedException {
        Process process = kuboProcess(node, ProcessBuilder.Redirect.PIPE, args);
        String output = new String(process.getInputStream().readAllBytes());
        check(process, args);
        return output;
    }

    private static Object kuboDiscarding(KuboNode node, String... args) throws IOException, InterruptedException {
        check(kuboProcess(node, ProcessBuilder.Redirect.DISCARD, args), args);
        return null;
    }

    private static Process kuboProcess(KuboNode node, ProcessBuilder.Redirect output, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(node.binary().toString()));
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(output).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("IPFS_PATH", node.repo().toString());
        return builder.start();
    }

    private static void check(Process process, String... args) throws InterruptedException {
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("ipfs " + String.join(" ", args) + " failed");
        }
    }

    /** Writes {@code sizeMib} through the driver in a JVM with -Xmx128m; returns [peak used, live after a full GC]. */
    private static List<Long> heapProbe(KuboNode node, int sizeMib) throws IOException, InterruptedException {
        Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), HeapProbe.class.getName(),
                node.api().toString(), Integer.toString(sizeMib))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(probe.getInputStream().readAllBytes()).strip();
        if (!probe.waitFor(30, TimeUnit.MINUTES) || probe.exitValue() != 0) {
            throw new IllegalStateException("the heap probe for " + sizeMib + " MiB failed: " + output);
        }
        String[] numbers = output.lines().reduce((a, b) -> b).orElseThrow().split(" ");
        System.out.printf(Locale.ROOT, "heap while writing %d MiB with -Xmx128m: peak used %d MiB, live after a full GC %d MiB%n",
                sizeMib, Long.parseLong(numbers[0]) / MiB, Long.parseLong(numbers[1]) / MiB);
        return List.of(Long.parseLong(numbers[0]), Long.parseLong(numbers[1]));
    }

    /** Writes generated bytes through the driver while sampling the heap; prints "peakUsed liveAfterFullGc". */
    public static final class HeapProbe {
        public static void main(String[] args) throws Exception {
            long size = Long.parseLong(args[1]) * MiB;
            long[] peak = {0};
            Thread sampler = Thread.ofPlatform().daemon().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak[0] = Math.max(peak[0], ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            try (IpfsStorageDriver driver = IpfsStorageDriver.builder().api(java.net.URI.create(args[0]))
                    .root("/heap-probe").timeout(Duration.ofMinutes(2)).build()) {
                byte[] block = new byte[MiB];
                SplittableRandom random = new SplittableRandom(7);
                try (FileWriter writer = driver.writer("/file", false)) {
                    for (long written = 0; written < size; written += block.length) {
                        random.nextBytes(block);
                        writer.write(block);
                    }
                    writer.commit();
                }
                if (driver.stat("/file").size() != size) {
                    throw new IllegalStateException("wrote " + driver.stat("/file").size() + " of " + size);
                }
                sampler.interrupt();
                // What the driver still holds once the garbage is gone: the part that could grow with size.
                System.gc();
                long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                driver.delete("/file");
                System.out.println(peak[0] + " " + live);
            }
        }
    }

    private static void writeRandom(Path file, long size) throws IOException {
        byte[] block = new byte[MiB];
        SplittableRandom random = new SplittableRandom(1);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += block.length) {
                random.nextBytes(block);
                out.write(block);
            }
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void report(Path out, String kubo, int sizeMib, int rounds, double rawWrite, double rawRead,
            double driverWrite, double driverRead, List<Long> heap1, List<Long> heap4) throws IOException {
        String table = String.format(Locale.ROOT, """
                # IPFS driver throughput and memory

                Measured %s on one machine (%d cores), Kubo %s, Java %s: one %d MiB file of random bytes,
                %d rounds, median shown, the order alternating each round and the blockstore emptied
                (`ipfs repo gc`) between sides. Raw Kubo is `ipfs add --pin=false --cid-version=1
                --raw-leaves --chunker=%s` and `ipfs cat` through the same daemon; the driver writes
                through `writer(...)`/`commit()` and reads through `reader(path, 0)`.

                | direction | raw Kubo (MiB/s) | Berth IPFS driver (MiB/s) | driver / raw |
                | --- | ---: | ---: | ---: |
                | write | %.1f | %.1f | %.2fx |
                | read | %.1f | %.1f | %.2fx |

                Heap of a JVM started with `-Xmx128m` while it writes through the driver: the peak of heap
                used (garbage included, sampled every 20 ms), and the live heap after a full GC once the
                file is committed.

                | file size | peak heap used (MiB) | live heap after a full GC (MiB) |
                | ---: | ---: | ---: |
                | 1 GiB | %d | %d |
                | 4 GiB | %d | %d |

                Reproduce: `./berth bench driver %d %d` (writes this file and `ipfs-driver.svg`).

                ![throughput](ipfs-driver.svg)
                """, LocalDate.now(), Runtime.getRuntime().availableProcessors(), kubo, System.getProperty("java.version"),
                sizeMib, rounds, ImportOptions.BERTH.chunker(), rawWrite, driverWrite, driverWrite / rawWrite, rawRead,
                driverRead, driverRead / rawRead, heap1.get(0) / MiB, heap1.get(1) / MiB, heap4.get(0) / MiB,
                heap4.get(1) / MiB, sizeMib, rounds);
        Files.writeString(out.resolve("ipfs-driver.md"), table);
        Files.writeString(out.resolve("ipfs-driver.svg"), new BarChart(
                "IPFS driver vs raw Kubo, " + sizeMib + " MiB file", "MiB/s", List.of("raw Kubo add/cat", "Berth IPFS driver"))
                .group("write", List.of(rawWrite, driverWrite))
                .group("read", List.of(rawRead, driverRead))
                .svg());
        System.out.print(table);
    }

    private DriverBenchmark() {}
}
