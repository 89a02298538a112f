package dev.berth.it.soak;

import dev.berth.it.support.RegistryProcess;
import dev.berth.storage.ipfs.testing.KuboBinary;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts Berth's jar on IPFS with a Kubo of its own (repository under the given folder, swarm,
 * API and gateway on loopback, no routing), runs the clients through a warm-up and the measured
 * phase, samples the resources at the quiet point after each, and reports.
 */
public final class SoakHarness {
    /** Time for connections closed by the last requests to go before a sample. */
    private static final Duration SETTLE = Duration.ofSeconds(3);
    private static final Pattern API_ADDRESS = Pattern.compile("/ip4/127\\.0\\.0\\.1/tcp/(\\d+)");

    private SoakHarness() {
    }

    public static SoakReport run(SoakSettings settings, Path work) throws IOException, InterruptedException {
        Path data = work.resolve("data");
        try (RegistryProcess registry = RegistryProcess.berth("soak-ipfs", List.of("--server.address=127.0.0.1",
                "--berth.storage.ipfs.binary=" + KuboBinary.find(), "--berth.storage.ipfs.data-dir=" + data,
                "--berth.storage.ipfs.swarm-addresses=/ip4/127.0.0.1/tcp/0", "--berth.storage.ipfs.routing=none"));
             SoakRun run = new SoakRun(settings, registry.url())) {
            ResourceProbe probe = new ResourceProbe(registry.pid(), registry.url(), kuboPid(registry), kuboApi(data));
            Recorder warmup = run.phase(settings.warmup());
            Thread.sleep(SETTLE);
            ResourceSample afterWarmup = probe.sample();
            Recorder measured = run.phase(settings.duration());
            Thread.sleep(SETTLE);
            ResourceSample atEnd = probe.sample();
            return new SoakReport(settings, warmup, measured, afterWarmup, atEnd);
        }
    }

    /** The {@code ipfs daemon} the registry runs as its child. */
    private static long kuboPid(RegistryProcess registry) {
        return ProcessHandle.of(registry.pid()).orElseThrow().children()
                .filter(child -> child.info().arguments().map(args -> List.of(args).contains("daemon")).orElse(false))
                .findFirst().orElseThrow(() -> new IllegalStateException("no Kubo daemon under the registry")).pid();
    }

    /** Kubo's RPC API, from the address it writes into its repository. */
    private static URI kuboApi(Path data) throws IOException {
        String address = Files.readString(data.resolve("kubo").resolve("api")).strip();
        Matcher matcher = API_ADDRESS.matcher(address);
        if (!matcher.matches()) {
            throw new IllegalStateException("Kubo's API is not on loopback: " + address);
        }
        return URI.create("http://127.0.0.1:" + matcher.group(1));
    }
}
