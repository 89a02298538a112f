package dev.berth.bench;

import dev.berth.it.support.RegistryProcess;
import dev.berth.it.support.Tools;
import dev.berth.storage.ipfs.testing.KuboNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One side's registry for one round, on fresh storage: Berth's jar ({@code -Xmx256m}) on a new Kubo
 * node or a new folder, or distribution on a new folder. Berth's heap is sampled from its actuator
 * throughout; closing reads the process's peak resident memory, stops it and deletes the storage.
 */
final class SideRegistry implements AutoCloseable {
    private static final Pattern PEAK_RSS = Pattern.compile("VmHWM:\\s+(\\d+) kB");

    private final Side side;
    private final RegistryProcess registry;
    private final KuboNode kubo;
    private final Path storage;
    private final HeapSampler heap;
    private double peakRssMib = -1;

    private SideRegistry(Side side, RegistryProcess registry, KuboNode kubo, Path storage) {
        this.side = side;
        this.registry = registry;
        this.kubo = kubo;
        this.storage = storage;
        this.heap = side.isBerth() ? new HeapSampler(registry.url()) : null;
    }

    static SideRegistry start(Side side, Path jar, Path work, String name) throws IOException {
        return start(side, jar, work, name, List.of());
    }

    /** The same with further arguments for Berth (such as UI settings); distribution takes none. */
    static SideRegistry start(Side side, Path jar, Path work, String name, List<String> berthArguments) throws IOException {
        if (side == Side.DISTRIBUTION && !berthArguments.isEmpty()) {
            throw new IllegalArgumentException("distribution takes no Berth arguments: " + berthArguments);
        }
        Path storage = Files.createTempDirectory(work, name + "-");
        return switch (side) {
            case BERTH_IPFS -> berthOnIpfs(side, jar, storage, name, berthArguments);
            case BERTH_FS -> {
                List<String> arguments = new ArrayList<>(List.of(
                        "--berth.storage.driver=filesystem", "--berth.storage.filesystem.root=" + storage.resolve("data")));
                arguments.addAll(berthArguments);
                yield new SideRegistry(side, RegistryProcess.springBootJar(name, jar, arguments), null, storage);
            }
            case DISTRIBUTION -> new SideRegistry(side, RegistryProcess.distribution(name, storage), null, storage);
        };
    }

    /** Berth on a new Kubo node of its own, with further arguments (such as peers to dial). */
    static SideRegistry berthOnIpfs(Side side, Path jar, Path storage, String name, List<String> arguments) throws IOException {
        KuboNode kubo = KuboNode.start();
        try {
            List<String> all = new ArrayList<>(List.of("--berth.storage.driver=ipfs", "--berth.storage.ipfs.api=" + kubo.api()));
            all.addAll(arguments);
            return new SideRegistry(side, RegistryProcess.springBootJar(name, jar, all), kubo, storage);
        } catch (IOException | RuntimeException e) {
            kubo.close();
            throw e;
        }
    }

    Side side() {
        return side;
    }

    /** host:port, as clients name the registry. */
    String host() {
        return registry.host();
    }

    URI url() {
        return registry.url();
    }

    /** The Kubo node under Berth on IPFS. */
    KuboNode kubo() {
        if (kubo == null) {
            throw new IllegalStateException(side.label() + " has no Kubo node");
        }
        return kubo;
    }

    /** Names what the registry is doing now, for {@link #peakHeapPhase()}. */
    void phase(String name) {
        if (heap != null) {
            heap.phase(name);
        }
    }

    /** What Berth was doing when its heap use peaked; empty for distribution. */
    String peakHeapPhase() {
        return heap == null ? "" : heap.peakPhase();
    }

    /** Stops heap sampling while latencies are measured. */
    void pauseSampling() {
        if (heap != null) {
            heap.pause();
        }
    }

    void resumeSampling() {
        if (heap != null) {
            heap.resume();
        }
    }

    /** Berth's peak heap use so far (MiB); empty for distribution. */
    Optional<Double> peakHeapMib() {
        return heap == null ? Optional.empty() : Optional.of(heap.peakMib());
    }

    /** The process's peak resident set (VmHWM, MiB), read when it was closed. */
    double peakRssMib() {
        if (peakRssMib < 0) {
            throw new IllegalStateException("the peak resident set is read when the registry is closed");
        }
        return peakRssMib;
    }

    @Override
    public void close() throws IOException {
        if (heap != null) {
            heap.close();
        }
        Matcher rss = PEAK_RSS.matcher(Files.readString(Path.of("/proc", Long.toString(registry.pid()), "status")));
        peakRssMib = rss.find() ? Long.parseLong(rss.group(1)) / 1024.0 : -1;
        registry.close();
        if (kubo != null) {
            kubo.close();
        }
        Tools.run(List.of("rm", "-rf", storage.toString()), storage.getParent(), Duration.ofMinutes(10));
    }
}
