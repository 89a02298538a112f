package dev.berth.registry.encryption.store;

import dev.berth.registry.naming.Digest;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Keeps a garbage collection run of the private tree from removing content that requests rely on
 * while it runs, as {@code store.SweepGuard} does for the public one. The sweep knows a private blob
 * only by its blob key, which it cannot turn back into a digest, so a removal asks whether any digest
 * used during the run has that key.
 */
final class PrivateSweepGuard {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** The digests used since the run began; null while no run is in progress. */
    private volatile Set<Digest> used;

    void use(Digest digest) {
        Set<Digest> current = used;
        if (current != null) {
            current.add(digest);
        }
    }

    /** Runs a change that makes the digests referenced; no removal runs meanwhile. */
    <T> T referencing(Collection<Digest> digests, Supplier<T> change) {
        lock.readLock().lock();
        try {
            digests.forEach(this::use);
            return change.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Starts recording uses, once no referencing change is in progress. */
    void runStarts() {
        lock.writeLock().lock();
        try {
            used = ConcurrentHashMap.newKeySet();
        } finally {
            lock.writeLock().unlock();
        }
    }

    void runEnds() {
        used = null;
    }

    boolean anyUsed(Predicate<Digest> matches) {
        Set<Digest> current = used;
        return current != null && current.stream().anyMatch(matches);
    }

    /** Runs the removal unless a digest used during this run matches; false when one did. */
    boolean removeUnlessUsed(Predicate<Digest> matches, Runnable removal) {
        lock.writeLock().lock();
        try {
            if (anyUsed(matches)) {
                return false;
            }
            removal.run();
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }
}
