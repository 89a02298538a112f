package dev.berth.registry.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * Reads for many rows at once, on virtual threads, a few at a time: on IPFS each read is a call to
 * Kubo that mostly waits, so rows read side by side come back many times sooner.
 */
final class Parallel {
    private static final int AT_ONCE = 16;

    private Parallel() {
    }

    /** {@code read} of each item, in the items' order; the first failure is rethrown as it was. */
    static <T, R> List<R> map(List<T> items, Function<T, R> read) {
        if (items.size() < 2) {
            return items.stream().map(read).toList();
        }
        Semaphore slots = new Semaphore(AT_ONCE);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<R>> results = new ArrayList<>(items.size());
            for (T item : items) {
                results.add(threads.submit(() -> {
                    slots.acquire();
                    try {
                        return read.apply(item);
                    } finally {
                        slots.release();
                    }
                }));
            }
            List<R> values = new ArrayList<>(items.size());
            for (Future<R> result : results) {
                values.add(result.get());
            }
            return values;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading", e);
        }
    }
}
