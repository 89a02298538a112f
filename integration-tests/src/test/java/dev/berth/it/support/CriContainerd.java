package dev.berth.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away containerd with its CRI plugin, as a Kubernetes node runs it for the kubelet, and
 * {@code crictl} (the CRI client) to drive it. Its registry configuration is what a node's
 * {@code /etc/containerd/config.toml} holds to read {@code hosts.toml} files:
 * {@code [plugins."io.containerd.grpc.v1.cri".registry] config_path = "<folder>"}. Root, state,
 * sockets and configuration live under one folder, so that it leaves a system containerd alone;
 * {@link #close()} stops it and deletes the folder. Its log goes to integration-tests/target.
 * Needs root and Docker's packages (for {@code containerd}), like {@link DockerDaemon}.
 */
public final class CriContainerd implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration SHUTDOWN = Duration.ofSeconds(30);

    private final Path home;
    private final Path log;
    private final Process daemon;

    private CriContainerd(Path home, Path log, Process daemon) {
        this.home = home;
        this.log = log;
        this.daemon = daemon;
    }

    /** Starts containerd whose CRI plugin reads registry hosts from {@code certsDir} ({@code <registry host>/hosts.toml}). */
    public static CriContainerd start(String name, Path certsDir) throws IOException {
        long uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (uid != 0) {
            throw new IllegalStateException("containerd needs root to unpack image layers; this process runs as uid " + uid);
        }
        Path containerd = DockerDaemon.command("containerd");
        Path home = Files.createTempDirectory(Path.of("/tmp"), "berth-cri-");
        Files.writeString(home.resolve("config.toml"), """
                version = 2
                root = "%1$s/root"
                state = "%1$s/state"

                [grpc]
                  address = "%1$s/containerd.sock"

                [ttrpc]
                  address = "%1$s/containerd.sock.ttrpc"

                [plugins."io.containerd.grpc.v1.cri".registry]
                  config_path = "%2$s"
                """.formatted(home, certsDir.toAbsolutePath()));
        // crictl reads /etc/crictl.yaml unless given its own
        Files.writeString(home.resolve("crictl.yaml"), "runtime-endpoint: unix://%1$s/containerd.sock\nimage-endpoint: unix://%1$s/containerd.sock\n"
                .formatted(home));
        Path log = Files.createDirectories(Tools.REPOSITORY.resolve("integration-tests/target")).resolve(name + ".log");
        Process process = new ProcessBuilder(containerd.toString(), "--config", home.resolve("config.toml").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        CriContainerd node = new CriContainerd(home, log, process);
        try {
            node.awaitReady();
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    /** Runs crictl against this containerd; fails with its output unless it exits 0 within five minutes. */
    public String crictl(String... args) {
        List<String> command = new ArrayList<>(List.of(Tools.path("crictl").toString(), "--config", home.resolve("crictl.yaml").toString(),
                "--timeout", "4m"));
        command.addAll(List.of(args));
        Tools.Result result = Tools.tryRun(command, home, Duration.ofMinutes(5), Map.of());
        if (result.exitCode() != 0) {
            throw new AssertionError("`crictl " + String.join(" ", args) + "` exited " + result.exitCode()
                    + "\nstdout:\n" + result.stdout() + "\nstderr:\n" + result.stderr() + "\ncontainerd's log: " + log);
        }
        return result.stdout();
    }

    private void awaitReady() {
        Path socket = home.resolve("containerd.sock");
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!daemon.isAlive()) {
                throw new IllegalStateException("containerd exited with " + daemon.exitValue() + "; see " + log);
            }
            if (Files.exists(socket)) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("containerd did not listen on " + socket + " within " + STARTUP + "; see " + log);
    }

    /** Stops containerd and deletes its folder (a pull unpacks layers but leaves nothing mounted). */
    @Override
    public void close() {
        daemon.destroy();
        try {
            if (!daemon.waitFor(SHUTDOWN.toSeconds(), TimeUnit.SECONDS)) {
                daemon.destroyForcibly().waitFor(SHUTDOWN.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> paths = Files.walk(home)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete containerd's folder " + home, e);
        }
    }
}
