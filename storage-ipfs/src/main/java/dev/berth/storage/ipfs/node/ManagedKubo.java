package dev.berth.storage.ipfs.node;

import dev.berth.storage.ipfs.node.KuboStartupException.Reason;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Kubo daemon that this JVM starts, watches and stops, so that an application needs no IPFS node
 * of its own. {@link Builder#start()} creates the repository when it is missing ({@code ipfs init}),
 * binds the RPC API to loopback (whatever the repository's config says: the API is admin-level),
 * and returns once the API answers. A daemon that dies is restarted, after a backoff that grows
 * while restarts keep failing, on the same API address, so a driver built with {@link #api()} works
 * again by itself. {@link #close()} stops it (SIGTERM, then SIGKILL after a bound); a shutdown hook
 * does the same if the JVM exits first (after {@link Builder#jvmExitGrace}), so Kubo never outlives it.
 *
 * <pre>{@code
 * try (ManagedKubo kubo = ManagedKubo.builder().repository(Path.of("data/kubo")).start();
 *      IpfsStorageDriver ipfs = IpfsStorageDriver.builder().api(kubo.api()).build()) {
 *     ...
 * }
 * }</pre>
 */
public final class ManagedKubo implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ManagedKubo.class);
    private static final String LOOPBACK_TCP = "/ip4/127.0.0.1/tcp/";
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** A daemon that ran this long before it died is restarted after the first backoff again. */
    private static final Duration STABLE = Duration.ofMinutes(1);
    private static final int OUTPUT_LINES_KEPT = 30;

    private final KuboRepository repository;
    private final List<String> swarmAddresses;
    private final String routing;
    private final Duration startupTimeout;
    private final Duration shutdownTimeout;
    private final Duration jvmExitGrace;
    private final Thread shutdownHook = new Thread(this::closeOnJvmExit, "kubo-shutdown");
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicInteger restarts = new AtomicInteger();
    /** The last lines the daemon printed, for the log when it dies or fails to start. */
    private final Deque<String> output = new ArrayDeque<>();
    private final Object lock = new Object();
    private Process daemon; // guarded by lock
    private boolean closed; // guarded by lock
    private volatile Thread outputPump;
    private URI api;
    private Thread supervisor;

    private ManagedKubo(Builder builder, Path binary) {
        this.repository = new KuboRepository(binary, builder.repository);
        this.swarmAddresses = builder.swarmAddresses;
        this.routing = builder.routing;
        this.startupTimeout = builder.startupTimeout;
        this.shutdownTimeout = builder.shutdownTimeout;
        this.jvmExitGrace = builder.jvmExitGrace;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The RPC API's URL on loopback; the same for the life of this object, across restarts. */
    public URI api() {
        return api;
    }

    /** The repository folder. */
    public Path repository() {
        return repository.folder();
    }

    /** The process ID of the current daemon. */
    public long pid() {
        synchronized (lock) {
            return daemon.pid();
        }
    }

    public boolean isRunning() {
        synchronized (lock) {
            return !closed && daemon.isAlive();
        }
    }

    /** How many times a daemon that died was started again. */
    public int restarts() {
        return restarts.get();
    }

    /** Stops the daemon: SIGTERM, then SIGKILL when it has not exited within the shutdown timeout. */
    @Override
    public void close() {
        Process running;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            running = daemon;
        }
        if (supervisor != null) {
            supervisor.interrupt();
        }
        stop(running);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // Called by the hook itself, or while the JVM exits.
        }
        stopped.countDown();
        LOG.info("Kubo stopped (repository {})", repository.folder());
    }

    /** The backstop: the owner may be closing it in its own orderly shutdown; stop Kubo if it does not in time. */
    private void closeOnJvmExit() {
        try {
            if (stopped.await(jvmExitGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    private void start() {
        Path folder = repository.folder();
        try {
            Files.createDirectories(folder);
            if (repository.isLocked()) {
                throw locked();
            }
            if (!repository.isInitialised()) {
                LOG.info("Creating a Kubo repository in {}", folder);
                repository.ipfs("init", "--empty-repo");
                // Not Kubo's default 127.0.0.1:8080, which other software often holds.
                repository.ipfs("config", "Addresses.Gateway", LOOPBACK_TCP + "0");
            }
        } catch (IOException e) {
            throw new KuboStartupException(Reason.DID_NOT_START,
                    "Could not prepare the Kubo repository " + folder + ": " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            // Port 0 lets the OS pick a free port the first time; restarts ask for that port again.
            api = launch(0);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        supervisor = Thread.ofVirtual().name("kubo-supervisor").start(this::supervise);
    }

    /** Configures the repository, starts a daemon and waits until its API answers. */
    private URI launch(int apiPort) {
        Process started;
        try {
            repository.ipfs("config", "Addresses.API", LOOPBACK_TCP + apiPort);
            if (!swarmAddresses.isEmpty()) {
                repository.ipfs("config", "--json", "Addresses.Swarm", JsonMapper.shared().writeValueAsString(swarmAddresses));
            }
            if (routing != null) {
                repository.ipfs("config", "Routing.Type", routing);
            }
            synchronized (lock) {
                if (closed) {
                    throw new KuboStartupException(Reason.DID_NOT_START, "closed while starting Kubo", null);
                }
                synchronized (output) {
                    output.clear();
                }
                // --migrate: the repository is this application's, so a newer Kubo upgrades it as asked.
                started = repository.startDaemon(ProcessBuilder.Redirect.PIPE, "--migrate=true");
                daemon = started;
            }
        } catch (IOException e) {
            throw new KuboStartupException(Reason.DID_NOT_START, "Could not start Kubo on " + repository.folder() + ": " + e.getMessage(), e);
        }
        outputPump = Thread.ofVirtual().name("kubo-output-" + started.pid()).start(() -> pump(started));
        try {
            URI url = repository.awaitApi(started, startupTimeout);
            if (!InetAddress.getByName(url.getHost()).isLoopbackAddress()) {
                throw new IOException("its API listens on " + url + ", which is not loopback");
            }
            LOG.info("Kubo (pid {}) answers on {} (loopback only), repository {}", started.pid(), url, repository.folder());
            return url;
        } catch (IOException e) {
            stop(started);
            String lastOutput = lastOutput();
            if (lastOutput.contains("someone else has the lock")) {
                throw locked();
            }
            throw new KuboStartupException(Reason.DID_NOT_START, "Kubo (" + repository.binary() + ") did not start on "
                    + repository.folder() + ": " + e.getMessage() + ". Its last output:\n" + lastOutput, e);
        }
    }

    /** Waits for the daemon to die and starts another, until closed. */
    private void supervise() {
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            Process running;
            synchronized (lock) {
                if (closed) {
                    return;
                }
                running = daemon;
            }
            int exit;
            try {
                exit = running.waitFor();
            } catch (InterruptedException closing) {
                return;
            }
            synchronized (lock) {
                if (closed) {
                    return;
                }
            }
            boolean ranLong = running.info().startInstant()
                    .map(start -> Duration.between(start, java.time.Instant.now()).compareTo(STABLE) > 0).orElse(false);
            if (ranLong) {
                backoff = FIRST_BACKOFF;
            }
            LOG.warn("Kubo (pid {}) exited with {}; starting it again in {}. Its last output:\n{}",
                    running.pid(), describe(exit), seconds(backoff), lastOutput());
            while (true) {
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException closing) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                try {
                    launch(api.getPort());
                    restarts.incrementAndGet();
                    break;
                } catch (KuboStartupException e) {
                    synchronized (lock) {
                        if (closed) {
                            return;
                        }
                    }
                    LOG.error("Kubo did not start again ({}); trying again in {}", e.getMessage(), seconds(backoff));
                }
            }
        }
    }

    private void stop(Process process) {
        if (process == null) {
            return;
        }
        process.destroy(); // SIGTERM: Kubo flushes and lets go of its repository
        try {
            if (!process.waitFor(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Kubo (pid {}) did not stop within {} of SIGTERM; killing it", process.pid(), shutdownTimeout);
                process.destroyForcibly();
                process.waitFor(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void pump(Process process) {
        try (BufferedReader lines = process.inputReader()) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                LOG.info("kubo: {}", line);
                synchronized (output) {
                    if (output.size() == OUTPUT_LINES_KEPT) {
                        output.removeFirst();
                    }
                    output.addLast(line);
                }
            }
        } catch (IOException gone) {
            // The daemon went away; what it printed is logged already.
        }
    }

    private String lastOutput() {
        Thread pump = outputPump;
        if (pump != null) {
            try {
                pump.join(Duration.ofSeconds(2)); // the last lines of a daemon that exited
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (output) {
            return output.isEmpty() ? "(nothing)" : String.join("\n", output);
        }
    }

    private KuboStartupException locked() {
        return new KuboStartupException(Reason.REPOSITORY_LOCKED, "The Kubo repository " + repository.folder()
                + " is in use by another Kubo daemon (it holds repo.lock). Stop that daemon, use it through its RPC API"
                + " instead, or give this application a repository of its own.", null);
    }

    private static String seconds(Duration duration) {
        return duration.toSeconds() + " s";
    }

    private static String describe(int exit) {
        return exit > 128 ? "signal " + (exit - 128) : "exit code " + exit;
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

    /** Settings of a {@link ManagedKubo}; only {@link #repository} is required. */
    public static final class Builder {
        private Path binary = Path.of("ipfs");
        private Path repository;
        private List<String> swarmAddresses = List.of();
        private String routing;
        private Duration startupTimeout = Duration.ofMinutes(2);
        private Duration shutdownTimeout = Duration.ofSeconds(20);
        private Duration jvmExitGrace = Duration.ZERO;

        private Builder() {}

        /** The {@code ipfs} executable, or a bare name looked up on the PATH (default {@code ipfs}). */
        public Builder binary(Path binary) {
            this.binary = Objects.requireNonNull(binary, "binary");
            return this;
        }

        /** The repository folder; made with {@code ipfs init} when it holds none. */
        public Builder repository(Path repository) {
            this.repository = Objects.requireNonNull(repository, "repository");
            return this;
        }

        /** The swarm's listen multiaddrs ({@code Addresses.Swarm}); by default the repository's own. */
        public Builder swarmAddresses(List<String> swarmAddresses) {
            for (String address : swarmAddresses) {
                if (!address.startsWith("/")) {
                    throw new IllegalArgumentException("not a multiaddr: " + address);
                }
            }
            this.swarmAddresses = List.copyOf(swarmAddresses);
            return this;
        }

        /** Kubo's {@code Routing.Type} ({@code auto}, {@code dht}, {@code dhtclient}, {@code none}...); by default the repository's own. */
        public Builder routing(String routing) {
            if (routing != null && !routing.matches("[a-z]+")) {
                throw new IllegalArgumentException("not a Kubo routing type: " + routing);
            }
            this.routing = routing;
            return this;
        }

        /** How long a daemon may take until its API answers (default 2 min). */
        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = positive(startupTimeout, "startupTimeout");
            return this;
        }

        /** How long a daemon may take to exit after SIGTERM before it is killed (default 20 s). */
        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = positive(shutdownTimeout, "shutdownTimeout");
            return this;
        }

        /**
         * How long the shutdown hook, when the JVM exits before this was closed, first waits for the
         * owner to close it (default none). An owner that closes it in its own orderly shutdown, after
         * in-flight work that still needs Kubo, gives that shutdown's bound here.
         */
        public Builder jvmExitGrace(Duration jvmExitGrace) {
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
         *     repository, or the daemon does not start within the startup timeout
         */
        public ManagedKubo start() {
            if (repository == null) {
                throw new IllegalStateException("the Kubo repository folder is required");
            }
            ManagedKubo kubo = new ManagedKubo(this, resolve(binary, System.getenv("PATH")));
            kubo.start();
            return kubo;
        }

        private static Duration positive(Duration duration, String name) {
            Objects.requireNonNull(duration, name);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + duration);
            }
            return duration;
        }
    }
}
