package dev.berth.it.soak;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/** Latencies and errors of every operation, from any number of client threads. */
final class Recorder {
    private static final int KEPT_ERRORS = 20;

    private final Map<Operation, ConcurrentLinkedQueue<Long>> latencies = new EnumMap<>(Operation.class);
    private final Map<Operation, AtomicLong> errors = new EnumMap<>(Operation.class);
    private final ConcurrentLinkedQueue<String> firstErrors = new ConcurrentLinkedQueue<>();

    Recorder() {
        for (Operation operation : Operation.values()) {
            latencies.put(operation, new ConcurrentLinkedQueue<>());
            errors.put(operation, new AtomicLong());
        }
    }

    void succeeded(Operation operation, long nanos) {
        latencies.get(operation).add(nanos);
    }

    void failed(Operation operation, String what) {
        errors.get(operation).incrementAndGet();
        if (firstErrors.size() < KEPT_ERRORS) {
            firstErrors.add(operation + ": " + what);
        }
    }

    /** The successful latencies of an operation, in nanoseconds, sorted. */
    long[] latencies(Operation operation) {
        return latencies.get(operation).stream().mapToLong(Long::longValue).sorted().toArray();
    }

    long errors(Operation operation) {
        return errors.get(operation).get();
    }

    long totalErrors() {
        return errors.values().stream().mapToLong(AtomicLong::get).sum();
    }

    List<String> firstErrors() {
        return new ArrayList<>(firstErrors);
    }
}
