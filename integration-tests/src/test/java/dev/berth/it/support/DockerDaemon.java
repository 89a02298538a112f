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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away Docker daemon: {@code dockerd} as root with its own data root, exec root, socket,
 * pid file and configuration file (empty unless given) under one folder, no iptables rules and no bridge
 * (containers run with {@code --network none}). The containerd that dockerd supervises listens under
 * the exec root, for containerd clients such as {@code ctr}. Registries on {@code 127.0.0.1} are plain
 * HTTP to it. {@link #close()} stops both daemons and deletes the folder; the daemon's log goes to
 * integration-tests/target.
 *
 * <p>dockerd needs root (it mounts layers and makes namespaces) and Docker's packages
 * ({@code scripts/install-docker.sh} installs {@code docker.io}); without them {@link #start} fails
 * and says which is missing.
 */
public final class DockerDaemon implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final Duration SHUTDOWN = Duration.ofSeconds(30);
    private static final int MAX_SOCKET_PATH = 100;
    private static final Map<String, Path> COMMANDS = new ConcurrentHashMap<>();

    private final Path home;
    private final Path log;
    private final String storageDriver;
    private final Process daemon;

    private DockerDaemon(Path home, Path log, String storageDriver, Process daemon) {
        this.home = home;
        this.log = log;
        this.storageDriver = storageDriver;
        this.daemon = daemon;
    }

    /** Starts a daemon on the storage driver that suits this kernel ({@link #defaultStorageDriver()}). */
    public static DockerDaemon start(String name) throws IOException {
        return start(name, defaultStorageDriver());
    }

    /** Starts a daemon on the given storage driver, such as {@code overlay2} or {@code vfs}. */
    public static DockerDaemon start(String name, String storageDriver) throws IOException {
        return start(name, storageDriver, "{}");
    }

    /**
     * Starts a daemon on the storage driver that suits this kernel with the given {@code daemon.json},
     * such as {@code {"registry-mirrors": ["http://127.0.0.1:5000"]}}.
     */
    public static DockerDaemon startWithConfig(String name, String daemonJson) throws IOException {
        return start(name, defaultStorageDriver(), daemonJson);
    }

    private static DockerDaemon start(String name, String storageDriver, String daemonJson) throws IOException {
        long uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (uid != 0) {
            throw new IllegalStateException("dockerd needs root to mount image layers; this process runs as uid " + uid);
        }
        Path dockerd = command("dockerd");
        Path home = Files.createTempDirectory(Path.of("/tmp"), "berth-dockerd-");
        if (home.resolve("exec/containerd/containerd.sock.ttrpc").toString().length() > MAX_SOCKET_PATH) {
            throw new IllegalStateException("socket paths under " + home + " are too long for a Unix socket");
        }
        Files.writeString(home.resolve("daemon.json"), daemonJson);
        Path log = Files.createDirectories(Tools.REPOSITORY.resolve("integration-tests/target")).resolve(name + ".log");
        List<String> arguments = List.of(dockerd.toString(), "--config-file=" + home.resolve("daemon.json"),
                "--storage-driver=" + storageDriver, "--iptables=false", "--ip6tables=false", "--bridge=none",
                "--data-root=" + home.resolve("root"), "--exec-root=" + home.resolve("exec"),
                "--pidfile=" + home.resolve("docker.pid"), "--host=unix://" + home.resolve("docker.sock"));
        Process process = new ProcessBuilder(arguments).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        DockerDaemon docker = new DockerDaemon(home, log, storageDriver, process);
        try {
            docker.awaitReady();
        } catch (RuntimeException e) {
            docker.close();
            throw e;
        }
        return docker;
    }

    /**
     * {@code overlay2} when the kernel has overlayfs (it shares unchanged files between layers), else
     * {@code vfs}, which works everywhere but copies every lower layer into each new one.
     */
    public static String defaultStorageDriver() {
        try {
            return Files.readString(Path.of("/proc/filesystems")).contains("\toverlay\n") ? "overlay2" : "vfs";
        } catch (IOException e) {
            return "vfs";
        }
    }

    /** The path of a command from Docker's packages (dockerd, docker, containerd, ctr), installing them when missing. */
    public static Path command(String name) {
        return COMMANDS.computeIfAbsent(name, command -> Path.of(Tools.run(
                List.of(Tools.REPOSITORY.resolve("scripts/install-docker.sh").toString(), command),
                Tools.REPOSITORY, Duration.ofMinutes(15)).stdout().strip()));
    }

    /** The daemon's API socket. */
    public Path socket() {
        return home.resolve("docker.sock");
    }

    /** {@code unix://<socket>}, as {@code DOCKER_HOST} takes it. */
    public String host() {
        return "unix://" + socket();
    }

    /** The socket of the containerd that this dockerd runs, for {@code ctr --address} and other containerd clients. */
    public Path containerdSocket() {
        return home.resolve("exec/containerd/containerd.sock");
    }

    public Path dataRoot() {
        return home.resolve("root");
    }

    public String storageDriver() {
        return storageDriver;
    }

    public long pid() {
        return daemon.pid();
    }

    public Path log() {
        return log;
    }

    /** Runs the docker client against this daemon; fails with its output unless it exits 0 within the timeout. */
    public String docker(Duration timeout, String... args) {
        Tools.Result result = tryDocker(timeout, args);
        if (result.exitCode() != 0) {
            throw new AssertionError("`docker " + String.join(" ", args) + "` exited " + result.exitCode()
                    + "\nstdout:\n" + result.stdout() + "\nstderr:\n" + result.stderr());
        }
        return result.stdout();
    }

    /**
     * Runs the docker client against this daemon and returns whatever it did; a timeout is a failure.
     * The client keeps its own configuration under the daemon's folder, apart from the user's.
     */
    public Tools.Result tryDocker(Duration timeout, String... args) {
        return Tools.tryRun(dockerCommand(args), home, timeout, Map.of("DOCKER_HOST", host(),
                "DOCKER_CONFIG", home.resolve("client").toString()));
    }

    /** Removes every container and image, so that the next pull fetches every layer again. */
    public void removeEverything() {
        List<String> containers = lines(docker(Duration.ofMinutes(2), "ps", "-aq"));
        if (!containers.isEmpty()) {
            docker(Duration.ofMinutes(5), concat(List.of("rm", "-f"), containers));
        }
        // Tagged images first: removing one removes the intermediate images of its build with it. A
        // legacy build's intermediates listed together with their children would refuse to go.
        for (int round = 0; round < 3; round++) {
            List<String> images = lines(docker(Duration.ofMinutes(2), "images", round == 0 ? "-q" : "-aq")).stream()
                    .distinct().toList();
            if (images.isEmpty()) {
                break;
            }
            tryDocker(Duration.ofMinutes(10), concat(List.of("rmi", "-f"), images));
        }
        docker(Duration.ofMinutes(10), "image", "prune", "-af");
        if (!lines(docker(Duration.ofMinutes(2), "images", "-aq")).isEmpty()) {
            throw new IllegalStateException("images are left in " + dataRoot() + " after removing them all");
        }
    }

    private List<String> dockerCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(command("docker").toString()));
        command.addAll(List.of(args));
        return command;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!daemon.isAlive()) {
                throw new IllegalStateException("dockerd exited with " + daemon.exitValue() + "; log:\n" + logTail());
            }
            if (Files.exists(socket()) && tryDocker(Duration.ofSeconds(10), "version").exitCode() == 0) {
                if (!Files.exists(containerdSocket())) {
                    throw new IllegalStateException("dockerd uses a containerd it did not start (a system one at "
                            + "/run/containerd/containerd.sock takes precedence), not one under " + containerdSocket());
                }
                return;
            }
            sleep(200);
        }
        throw new IllegalStateException("dockerd did not answer on " + socket() + " within " + STARTUP + "; log:\n" + logTail());
    }

    /** Stops dockerd (which stops its containerd), unmounts what is left under the folder and deletes it. */
    @Override
    public void close() {
        Long containerd = containerdPid();
        stop(daemon.toHandle());
        if (containerd != null) {
            ProcessHandle.of(containerd).ifPresent(DockerDaemon::stop);
        }
        unmountUnder(home);
        deleteTree(home);
    }

    private Long containerdPid() {
        try {
            Path pidFile = home.resolve("exec/containerd/containerd.pid");
            return Files.exists(pidFile) ? Long.valueOf(Files.readString(pidFile).strip()) : null;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    private static void stop(ProcessHandle process) {
        process.destroy();
        try {
            process.onExit().get(SHUTDOWN.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception notYet) {
            process.destroyForcibly();
            try {
                process.onExit().get(SHUTDOWN.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // Reported by the folder's deletion failing, if anything is still held.
            }
        }
    }

    /** Layer and network-namespace mounts of containers that were still running when the daemon went away. */
    private static void unmountUnder(Path folder) {
        try {
            List<String> mountPoints = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .map(line -> line.split(" ")[4].replace("\\040", " "))
                    .filter(mountPoint -> mountPoint.startsWith(folder + "/"))
                    .sorted(Comparator.reverseOrder())
                    .toList();
            for (String mountPoint : mountPoints) {
                Tools.tryRun(List.of("umount", "-l", mountPoint), Path.of("/"), Duration.ofSeconds(30));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the mount table", e);
        }
    }

    private static void deleteTree(Path top) {
        if (!Files.exists(top)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(top)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the Docker folder " + top, e);
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static List<String> lines(String output) {
        return output.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    private static String[] concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all.toArray(String[]::new);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for dockerd", e);
        }
    }
}
