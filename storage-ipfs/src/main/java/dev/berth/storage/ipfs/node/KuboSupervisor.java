package dev.berth.storage.ipfs.node;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts the daemon of a {@link KuboProcess} when it dies, on the same API port, until the
 * process is closed. The wait before a restart starts at 1 s and doubles, up to 30 s, while restarts
 * keep failing; a daemon that ran for a minute before it died is restarted after 1 s again.
 */
final class KuboSupervisor {
    private static final Logger LOG = LoggerFactory.getLogger(ManagedKubo.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** A daemon that ran this long before it died is restarted after the first backoff again. */
    private static final Duration STABLE = Duration.ofMinutes(1);

    private final KuboProcess process;
    private final int apiPort;
    private final AtomicInteger restarts = new AtomicInteger();
    private volatile Thread thread;

    KuboSupervisor(KuboProcess process, int apiPort) {
        this.process = process;
        this.apiPort = apiPort;
    }

    void start() {
        thread = Thread.ofVirtual().name("kubo-supervisor").start(this::supervise);
    }

    /** Stops watching (the process is being closed). */
    void stop() {
        Thread running = thread;
        if (running != null) {
            running.interrupt();
        }
    }

    /** How many times a daemon that died was started again. */
    int restarts() {
        return restarts.get();
    }

    /** Waits for the daemon to die and starts another, until closed. */
    private void supervise() {
        Duration backoff = FIRST_BACKOFF;
        while (!process.isClosed()) {
            Process running = process.current();
            int exit;
            try {
                exit = running.waitFor();
            } catch (InterruptedException closing) {
                return;
            }
            if (process.isClosed()) {
                return;
            }
            boolean ranLong = running.info().startInstant()
                    .map(start -> Duration.between(start, Instant.now()).compareTo(STABLE) > 0).orElse(false);
            if (ranLong) {
                backoff = FIRST_BACKOFF;
            }
            LOG.warn("Kubo (pid {}) exited with {}; starting it again in {}. Its last output:\n{}",
                    running.pid(), describe(exit), seconds(backoff), process.lastOutput());
            backoff = restart(backoff);
            if (backoff == null) {
                return;
            }
        }
    }

    /** Launches again after the backoff, as often as it takes; the next backoff, or null once closed. */
    private Duration restart(Duration backoff) {
        while (true) {
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException closing) {
                return null;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            try {
                process.launch(apiPort);
                restarts.incrementAndGet();
                return backoff;
            } catch (KuboStartupException e) {
                if (process.isClosed()) {
                    return null;
                }
                LOG.error("Kubo did not start again ({}); trying again in {}", e.getMessage(), seconds(backoff));
            }
        }
    }

    private static String seconds(Duration duration) {
        return duration.toSeconds() + " s";
    }

    private static String describe(int exit) {
        return exit > 128 ? "signal " + (exit - 128) : "exit code " + exit;
    }
}
