package dev.berth.storage.ipfs.node;

import dev.berth.storage.ipfs.node.KuboStartupException.Reason;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** Settings of a {@link ManagedKubo}, from {@link ManagedKubo#builder()}; only {@link #repository} is required. */
public final class ManagedKuboBuilder {
    private Path binary = Path.of("ipfs");
    private Path repository;
    private List<String> swarmAddresses = List.of();
    private String routing;
    private KuboNetwork network = KuboNetwork.PUBLIC;
    private Path swarmKey;
    private List<String> bootstrap = List.of();
    private Duration startupTimeout = Duration.ofMinutes(2);
    private Duration shutdownTimeout = Duration.ofSeconds(20);
    private Duration jvmExitGrace = Duration.ZERO;

    ManagedKuboBuilder() {}

    /** The {@code ipfs} executable, or a bare name looked up on the PATH (default {@code ipfs}). */
    public ManagedKuboBuilder binary(Path binary) {
        this.binary = Objects.requireNonNull(binary, "binary");
        return this;
    }

    /** The repository folder; made with {@code ipfs init} when it holds none. */
    public ManagedKuboBuilder repository(Path repository) {
        this.repository = Objects.requireNonNull(repository, "repository");
        return this;
    }

    /** The swarm's listen multiaddrs ({@code Addresses.Swarm}); by default the repository's own. */
    public ManagedKuboBuilder swarmAddresses(List<String> swarmAddresses) {
        for (String address : swarmAddresses) {
            if (!address.startsWith("/")) {
                throw new IllegalArgumentException("not a multiaddr: " + address);
            }
        }
        this.swarmAddresses = List.copyOf(swarmAddresses);
        return this;
    }

    /** Kubo's {@code Routing.Type} ({@code auto}, {@code dht}, {@code dhtclient}, {@code none}...); by default the repository's own. */
    public ManagedKuboBuilder routing(String routing) {
        if (routing != null && !routing.matches("[a-z]+")) {
            throw new IllegalArgumentException("not a Kubo routing type: " + routing);
        }
        this.routing = routing;
        return this;
    }

    /**
     * The network to join (default {@link KuboNetwork#PUBLIC}), put in place on every start: a node
     * moved to another network really leaves the one before.
     */
    public ManagedKuboBuilder network(KuboNetwork network) {
        this.network = Objects.requireNonNull(network, "network");
        return this;
    }

    /**
     * The file holding the {@link KuboNetwork#PRIVATE} network's swarm key (see {@link SwarmKey}),
     * read on every start and copied into the repository; required with that network, refused with
     * the others.
     */
    public ManagedKuboBuilder swarmKey(Path swarmKey) {
        this.swarmKey = swarmKey;
        return this;
    }

    /**
     * The {@link KuboNetwork#PRIVATE} network's bootstrap peers, multiaddrs ending in
     * {@code /p2p/<peer id>}: the nodes it connects to at start (default none: a first node others
     * bootstrap from). Refused with the other networks.
     */
    public ManagedKuboBuilder bootstrap(List<String> bootstrap) {
        this.bootstrap = List.copyOf(bootstrap);
        return this;
    }

    /** How long a daemon may take until its API answers (default 2 min). */
    public ManagedKuboBuilder startupTimeout(Duration startupTimeout) {
        this.startupTimeout = positive(startupTimeout, "startupTimeout");
        return this;
    }

    /** How long a daemon may take to exit after SIGTERM before it is killed (default 20 s). */
    public ManagedKuboBuilder shutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = positive(shutdownTimeout, "shutdownTimeout");
        return this;
    }

    /**
     * How long the shutdown hook, when the JVM exits before this was closed, first waits for the
     * owner to close it (default none). An owner that closes it in its own orderly shutdown, after
     * in-flight work that still needs Kubo, gives that shutdown's bound here.
     */
    public ManagedKuboBuilder jvmExitGrace(Duration jvmExitGrace) {
        Objects.requireNonNull(jvmExitGrace, "jvmExitGrace");
        if (jvmExitGrace.isNegative()) {
            throw new IllegalArgumentException("jvmExitGrace must not be negative: " + jvmExitGrace);
        }
        this.jvmExitGrace = jvmExitGrace;
        return this;
    }

    /**
     * Starts Kubo and returns once its API answers.
     *
     * @throws KuboStartupException when the binary is missing, another daemon holds the
     *     repository, the swarm key cannot be read, or the daemon does not start within the startup timeout
     * @throws IllegalStateException when the settings contradict the network (a swarm key without
     *     {@link KuboNetwork#PRIVATE}, swarm addresses with {@link KuboNetwork#LOCAL}...)
     */
    public ManagedKubo start() {
        if (repository == null) {
            throw new IllegalStateException("the Kubo repository folder is required");
        }
        NodeSettings settings = new NodeSettings(network, swarmKey, bootstrap, swarmAddresses, routing);
        KuboRepository kuboRepository = new KuboRepository(resolve(binary, System.getenv("PATH")), repository);
        KuboProcess process = new KuboProcess(kuboRepository, settings, startupTimeout, shutdownTimeout);
        ManagedKubo kubo = new ManagedKubo(process, jvmExitGrace);
        kubo.start();
        return kubo;
    }

    /** The binary to run: an executable file, or a bare name looked up in {@code path} (the PATH's folders). */
    static Path resolve(Path binary, String path) {
        if (!binary.isAbsolute() && binary.getNameCount() == 1) {
            for (String folder : path == null ? new String[0] : path.split(File.pathSeparator)) {
                Path candidate = Path.of(folder.isEmpty() ? "." : folder).resolve(binary);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate.toAbsolutePath();
                }
            }
            throw new KuboStartupException(Reason.BINARY_MISSING, "Kubo's '" + binary + "' binary is not on the PATH ("
                    + path + "). Install Kubo (https://docs.ipfs.tech/install/command-line/) or give the binary's path.", null);
        }
        if (!Files.isRegularFile(binary) || !Files.isExecutable(binary)) {
            throw new KuboStartupException(Reason.BINARY_MISSING, "The Kubo binary " + binary
                    + " is not an executable file. Install Kubo (https://docs.ipfs.tech/install/command-line/) or give another path.", null);
        }
        return binary;
    }

    private static Duration positive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + duration);
        }
        return duration;
    }
}
