package dev.berth.storage.ipfs.testing;

import dev.berth.storage.ipfs.kubo.KuboClient;
import dev.berth.storage.ipfs.node.KuboRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Kubo daemon in a process of its own, isolated on loopback: a fresh repository made with
 * {@code ipfs init --profile=test} (loopback addresses on ports the OS picks, no bootstrap peers,
 * no mDNS) and {@code Routing.Type=none}. The real API and gateway addresses are read from the
 * repository's {@code api} and {@code gateway} files.
 *
 * <p>{@link #stop()}, {@link #kill()} and {@link #restart()} let failure tests take the node away and
 * bring it back on the same repository and ports. {@link #close()} stops it and deletes the
 * repository. Use it directly in try-with-resources, or through {@link KuboExtension}.
 */
public final class KuboNode implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration SHUTDOWN = Duration.ofSeconds(20);

    private final KuboRepository repository;
    private final Path home;
    private final Path log;
    private Process daemon;
    private URI api;
    private URI gateway;
    private String swarmAddress;
    private String peerId;
    private KuboClient client;
    private boolean paused;

    private KuboNode(Path binary, Path home) {
        this.repository = new KuboRepository(binary, home.resolve("repo"));
        this.home = home;
        this.log = home.resolve("daemon.log");
    }

    /** Initialises a new repository and starts a daemon on it, with no content routing (peers only fetch from connected peers). */
    public static KuboNode start() throws IOException {
        return start(false);
    }

    /**
     * Like {@link #start()}, but with a DHT that accepts loopback addresses
     * ({@code Routing.Type=dht}, {@code Routing.LoopbackAddressesOnLanDHT=true}): IPNS records then
     * travel between connected nodes on one machine. Still no bootstrap peers.
     */
    public static KuboNode startWithLanDht() throws IOException {
        return start(true);
    }

    private static KuboNode start(boolean lanDht) throws IOException {
        Path binary = KuboBinary.find();
        KuboNode node = new KuboNode(binary, Files.createTempDirectory("berth-kubo-"));
        try {
            node.run("init", "--profile=test", "--empty-repo");
            node.run("config", "Routing.Type", lanDht ? "dht" : "none");
            if (lanDht) {
                node.run("config", "--json", "Routing.LoopbackAddressesOnLanDHT", "true");
            }
            node.run("config", "--json", "Bootstrap", "[]");
            node.launch();
            node.peerId = node.client().node().id().id();
            node.swarmAddress = node.client().node().id().addresses().stream()
                    .filter(address -> address.startsWith("/ip4/127.0.0.1/tcp/"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("Kubo listens on no loopback TCP address"));
            System.out.println("Kubo fixture: " + binary + " (" + node.version() + "), API " + node.api + ", gateway "
                    + node.gateway + ", peer " + node.peerId);
            return node;
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
    }

    /** The RPC API's base URL, such as {@code http://127.0.0.1:40123}. */
    public URI api() {
        return api;
    }

    /** The HTTP gateway's base URL. */
    public URI gateway() {
        return gateway;
    }

    public String peerId() {
        return peerId;
    }

    /** The swarm multiaddr others dial, ending in {@code /p2p/<peer id>}. */
    public String multiaddr() {
        return swarmAddress.contains("/p2p/") ? swarmAddress : swarmAddress + "/p2p/" + peerId;
    }

    public Path repo() {
        return repository.folder();
    }

    /** The binary this node runs. */
    public Path binary() {
        return repository.binary();
    }

    /** A client of this node with a short timeout, closed with the node. */
    public synchronized KuboClient client() {
        if (client == null) {
            client = KuboClient.builder().api(api).timeout(Duration.ofSeconds(20)).build();
        }
        return client;
    }

    public boolean isRunning() {
        return daemon != null && daemon.isAlive();
    }

    /** Connects this node to another one on the swarm, so that each can fetch the other's blocks. */
    public void connect(KuboNode other) throws IOException {
        client().swarm().connect(other.multiaddr());
    }

    /** Runs an {@code ipfs} command against this node's repository and returns its output. */
    public String ipfs(String... args) throws IOException {
        return run(args);
    }

    /** Stops the daemon gracefully (SIGTERM); the repository stays. */
    public void stop() {
        end(false);
    }

    /** Kills the daemon at once (SIGKILL), as a crash would; the repository stays. */
    public void kill() {
        end(true);
    }

    /** Freezes the daemon (SIGSTOP): its ports stay open but it answers nothing, like a hung node. */
    public void pause() throws IOException {
        signal("-STOP");
        paused = true;
        // The signal is asynchronous: wait until the kernel reports the process stopped.
        Path state = Path.of("/proc", Long.toString(daemon.pid()), "stat");
        Instant deadline = Instant.now().plusSeconds(5);
        while (Files.exists(state) && Instant.now().isBefore(deadline)) {
            String stat = Files.readString(state);
            if (stat.substring(stat.lastIndexOf(')') + 2).startsWith("T")) {
                return;
            }
            sleep(10);
        }
    }

    /** Lets a paused daemon go on (SIGCONT). */
    public void resume() throws IOException {
        signal("-CONT");
        paused = false;
    }

    private void signal(String signal) throws IOException {
        if (!isRunning()) {
            throw new IllegalStateException("the daemon is not running");
        }
        try {
            int exit = new ProcessBuilder("kill", signal, Long.toString(daemon.pid())).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IOException("kill " + signal + " " + daemon.pid() + " exited with " + exit);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Starts the daemon again on the same repository, API, gateway and swarm ports. */
    public void restart() throws IOException {
        if (isRunning()) {
            throw new IllegalStateException("the daemon is running; stop or kill it first");
        }
        // Ask for the same ports again instead of new ones, so clients built for the old node work.
        run("config", "Addresses.API", "/ip4/127.0.0.1/tcp/" + api.getPort());
        run("config", "Addresses.Gateway", "/ip4/127.0.0.1/tcp/" + gateway.getPort());
        run("config", "--json", "Addresses.Swarm", "[\"" + swarmAddress.replaceAll("/p2p/.*", "") + "\"]");
        launch();
    }

    /** Stops the daemon and deletes the repository. */
    @Override
    public void close() {
        try {
            if (client != null) {
                client.close();
            }
        } catch (IOException ignored) {
            // Only the pool of a client of a node that is going away.
        }
        end(false);
        deleteTree(home);
    }

    private String version() throws IOException {
        return run("version").strip();
    }

    private void launch() throws IOException {
        daemon = repository.startDaemon(ProcessBuilder.Redirect.appendTo(log.toFile()), "--migrate=false");
        try {
            api = repository.awaitApi(daemon, STARTUP);
            Instant deadline = Instant.now().plus(STARTUP);
            while (repository.gateway().isEmpty() && Instant.now().isBefore(deadline)) {
                sleep(50); // written as the gateway starts, next to the API
            }
            gateway = repository.gateway().orElseThrow(() -> new IOException("Kubo wrote no gateway address"));
        } catch (IOException e) {
            end(true);
            throw new IllegalStateException(e.getMessage() + ":\n" + logTail(), e);
        }
    }

    private void end(boolean kill) {
        if (daemon == null || !daemon.isAlive()) {
            return;
        }
        if (paused) {
            // A stopped process handles no SIGTERM.
            try {
                resume();
            } catch (IOException e) {
                kill = true;
            }
        }
        if (kill) {
            daemon.destroyForcibly();

        } else {
            daemon.destroy();
        }
        try {
            if (!daemon.waitFor(SHUTDOWN.toSeconds(), TimeUnit.SECONDS)) {
                daemon.destroyForcibly();
                daemon.waitFor(SHUTDOWN.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            daemon.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private String run(String... args) throws IOException {
        return repository.ipfs(args);
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kubo", e);
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
            throw new UncheckedIOException("cannot delete the Kubo repository " + top, e);
        }
    }
}
