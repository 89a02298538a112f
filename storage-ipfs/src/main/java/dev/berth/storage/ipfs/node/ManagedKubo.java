package dev.berth.storage.ipfs.node;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kubo daemon that this JVM starts, watches and stops, so that an application needs no IPFS node
 * of its own. {@link ManagedKuboBuilder#start()} creates the repository when it is missing
 * ({@code ipfs init}), binds the RPC API to loopback (whatever the repository's config says: the
 * API is admin-level), and returns once the API answers. A daemon that dies is restarted, after a
 * backoff that grows while restarts keep failing ({@link KuboSupervisor}), on the same API address,
 * so a driver built with {@link #api()} works again by itself. {@link #close()} stops it (SIGTERM,
 * then SIGKILL after a bound); a shutdown hook does the same if the JVM exits first (after
 * {@link ManagedKuboBuilder#jvmExitGrace}), so Kubo never outlives it. The node joins the
 * {@link KuboNetwork} it is given: the public IPFS network, a private one of an organisation's nodes
 * (a swarm key), or none at all.
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

    private final KuboProcess process;
    private final Duration jvmExitGrace;
    private final Thread shutdownHook = new Thread(this::closeOnJvmExit, "kubo-shutdown");
    private final CountDownLatch stopped = new CountDownLatch(1);
    private URI api;
    private KuboSupervisor supervisor;

    ManagedKubo(KuboProcess process, Duration jvmExitGrace) {
        this.process = process;
        this.jvmExitGrace = jvmExitGrace;
    }

    public static ManagedKuboBuilder builder() {
        return new ManagedKuboBuilder();
    }

    /** The RPC API's URL on loopback; the same for the life of this object, across restarts. */
    public URI api() {
        return api;
    }

    /** The repository folder. */
    public Path repository() {
        return process.folder();
    }

    /** The process ID of the current daemon. */
    public long pid() {
        return process.current().pid();
    }

    public boolean isRunning() {
        return process.isRunning();
    }

    /** How many times a daemon that died was started again. */
    public int restarts() {
        return supervisor == null ? 0 : supervisor.restarts();
    }

    /** Stops the daemon: SIGTERM, then SIGKILL when it has not exited within the shutdown timeout. */
    @Override
    public void close() {
        if (!process.markClosed()) {
            return;
        }
        if (supervisor != null) {
            supervisor.stop();
        }
        process.stopDaemon();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // Called by the hook itself, or while the JVM exits.
        }
        stopped.countDown();
        LOG.info("Kubo stopped (repository {})", process.folder());
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

    void start() {
        process.prepare();
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            // Port 0 lets the OS pick a free port the first time; restarts ask for that port again.
            api = process.launch(0);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        supervisor = new KuboSupervisor(process, api.getPort());
        supervisor.start();
    }
}
