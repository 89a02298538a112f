package dev.berth.it.soak;

import dev.berth.storage.ipfs.kubo.KuboClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/**
 * Samples a registry process and its Kubo from outside, as an operator would: a full GC through
 * {@code jcmd}, heap and threads from the actuator's metrics, descriptors from {@code /proc/<pid>/fd},
 * the JVM's TCP connections to Kubo's API port from {@code /proc/net/tcp} matched against its
 * sockets, and Kubo's peers from its RPC API. Linux only.
 */
final class ResourceProbe {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final long registryPid;
    private final URI registry;
    private final long kuboPid;
    private final URI kuboApi;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    ResourceProbe(long registryPid, URI registry, long kuboPid, URI kuboApi) {
        this.registryPid = registryPid;
        this.registry = registry;
        this.kuboPid = kuboPid;
        this.kuboApi = kuboApi;
    }

    ResourceSample sample() throws IOException, InterruptedException {
        fullGc();
        try (KuboClient kubo = KuboClient.builder().api(kuboApi).timeout(TIMEOUT).build()) {
            return new ResourceSample((long) metric("jvm.memory.used?tag=area:heap"), (long) metric("jvm.threads.live"),
                    openFiles(registryPid), connectionsTo(kuboApi.getPort()), kubo.swarm().peers().size(), openFiles(kuboPid));
        }
    }

    private void fullGc() throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(registryPid), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("jcmd " + registryPid + " GC.run failed");
        }
    }

    private double metric(String nameAndTags) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(registry.resolve("/actuator/metrics/" + nameAndTags)).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200 || response.body().length > 64 * 1024) {
            throw new IOException("actuator metric " + nameAndTags + " answered " + response.statusCode());
        }
        return json.readTree(response.body()).path("measurements").path(0).path("value").asDouble();
    }

    private static long openFiles(long pid) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return files.count();
        }
    }

    /** Established TCP connections from the registry's sockets to a local port. */
    private long connectionsTo(int port) throws IOException {
        Set<String> sockets = new HashSet<>();
        try (Stream<Path> files = Files.list(Path.of("/proc", Long.toString(registryPid), "fd"))) {
            for (Path fd : files.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        sockets.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // The descriptor went away between listing and reading.
                }
            }
        }
        String remotePort = String.format(":%04X", port);
        long count = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table)).stream().skip(1).toList()) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 9 && fields[2].endsWith(remotePort) && fields[3].equals("01") && sockets.contains(fields[9])) {
                    count++;
                }
            }
        }
        return count;
    }
}
