package dev.berth.storage.ipfs.node;

import dev.berth.storage.ipfs.node.KuboStartupException.Reason;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kubo daemon of a {@link ManagedKubo}, one process at a time: it prepares the repository,
 * configures and starts a daemon, waits until its API answers on loopback, stops it (SIGTERM, then
 * SIGKILL after a bound), and keeps the daemon's last lines of output for the log.
 */
final class KuboProcess {
    private static final Logger LOG = LoggerFactory.getLogger(ManagedKubo.class);
    private static final int OUTPUT_LINES_KEPT = 30;

    private final KuboRepository repository;
    private final NodeSettings settings;
    private final Duration startupTimeout;
    private final Duration shutdownTimeout;
    /** The last lines the daemon printed, for the log when it dies or fails to start. */
    private final Deque<String> output = new ArrayDeque<>();
    private final Object lock = new Object();
    private Process daemon; // guarded by lock
    private boolean closed; // guarded by lock
    private volatile Thread outputPump;

    KuboProcess(KuboRepository repository, NodeSettings settings, Duration startupTimeout, Duration shutdownTimeout) {
        this.repository = repository;
        this.settings = settings;
        this.startupTimeout = startupTimeout;
        this.shutdownTimeout = shutdownTimeout;
    }

    Path folder() {
        return repository.folder();
    }

    /** Makes the repository ({@code ipfs init}) when it is missing; refuses one a daemon holds. */
    void prepare() {
        Path folder = repository.folder();
        try {
            Files.createDirectories(folder);
            if (repository.isLocked()) {
                throw locked();
            }
            if (!repository.isInitialised()) {
                LOG.info("Creating a Kubo repository in {}", folder);
                repository.ipfs("init", "--empty-repo");
                NodeSettings.initialise(folder);
            }
        } catch (IOException e) {
            throw new KuboStartupException(Reason.DID_NOT_START,
                    "Could not prepare the Kubo repository " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Configures the repository, starts a daemon and waits until its API answers; returns the API's URL. */
    URI launch(int apiPort) {
        Process started;
        try {
            settings.apply(repository.folder(), apiPort);
            LOG.info("Starting Kubo on {}", settings.describe());
            synchronized (lock) {
                if (closed) {
                    throw new KuboStartupException(Reason.DID_NOT_START, "closed while starting Kubo", null);
                }
                synchronized (output) {
                    output.clear();
                }
                started = repository.startDaemon(ProcessBuilder.Redirect.PIPE, settings.environment(),
                        settings.daemonArguments().toArray(String[]::new));
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

    /** The current daemon, or null before the first launch. */
    Process current() {
        synchronized (lock) {
            return daemon;
        }
    }

    boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    boolean isRunning() {
        synchronized (lock) {
            return !closed && daemon != null && daemon.isAlive();
        }
    }

    /** Marks the process closed, so that no launch succeeds from now on; false when it was closed already. */
    boolean markClosed() {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            closed = true;
            return true;
        }
    }

    /** Stops the current daemon, if any: SIGTERM, then SIGKILL when it has not exited within the shutdown timeout. */
    void stopDaemon() {
        stop(current());
    }

    /** The daemon's last lines of output (waiting briefly for those of a daemon that exited). */
    String lastOutput() {
        Thread pump = outputPump;
        if (pump != null) {
            try {
                pump.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (output) {
            return output.isEmpty() ? "(nothing)" : String.join("\n", output);
        }
    }

    KuboStartupException locked() {
        return new KuboStartupException(Reason.REPOSITORY_LOCKED, "The Kubo repository " + repository.folder()
                + " is in use by another Kubo daemon (it holds repo.lock). Stop that daemon, use it through its RPC API"
                + " instead, or give this application a repository of its own.", null);
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
}
