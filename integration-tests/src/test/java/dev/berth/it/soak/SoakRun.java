package dev.berth.it.soak;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The soak's clients, each on a virtual thread, run in phases: every client works until the
 * phase's deadline, then the phase waits for all of them (bounded: a client stuck past the
 * deadline by more than its request timeout fails the run).
 */
final class SoakRun implements AutoCloseable {
    private static final Duration STRAGGLERS = Duration.ofMinutes(2);

    private final List<SoakClient> clients = new ArrayList<>();

    SoakRun(SoakSettings settings, URI registry) {
        for (int i = 0; i < settings.clients(); i++) {
            clients.add(new SoakClient(registry, i, 1000L + i));
        }
    }

    /** Runs every client for the given time and returns what they recorded. */
    Recorder phase(Duration length) throws InterruptedException {
        Recorder recorder = new Recorder();
        Instant deadline = Instant.now().plus(length);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            clients.forEach(client -> threads.submit(() -> client.runUntil(deadline, recorder)));
            threads.shutdown();
            if (!threads.awaitTermination(length.plus(STRAGGLERS).toSeconds(), TimeUnit.SECONDS)) {
                threads.shutdownNow();
                throw new IllegalStateException("clients still busy " + STRAGGLERS + " after the phase ended");
            }
        }
        return recorder;
    }

    @Override
    public void close() {
        clients.forEach(SoakClient::close);
    }
}
