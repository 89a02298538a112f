package dev.berth.registry.store;

import dev.berth.registry.naming.Digest;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Keeps a garbage collection run from removing content that requests rely on while it runs.
 *
 * <p>While a run is in progress, every digest a request relies on is recorded as used: a blob
 * found by HEAD or GET, mounted or uploaded, and every digest a pushed manifest names. The sweep
 * skips used digests. Changes that make content referenced (publishing an upload, mounting, storing
 * a manifest) run as {@link #referencing} sections, and the removal of one digest never interleaves
 * with them: either the removal comes first and the change finds the content gone (and reports it
 * to the client), or the change records its digests first and the removal skips them.
 *
 * <p>A run starts only when no such section is in progress, so every change either finished before
 * the run began (and the run's mark phase sees its links) or records what it uses.
 *
 * <p>This guards one registry process. Several processes over one storage rely on the grace period.
 */
public final class SweepGuard {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** The digests used since the run began; null while no run is in progress. */
    private volatile Set<Digest> used;

    /** Records that a request relies on the digest staying stored. */
    public void use(Digest digest) {
        Set<Digest> current = used;
        if (current != null) {
            current.add(digest);
        }
    }

    /** Runs a change that makes the digests referenced; no removal runs meanwhile. */
    public <T> T referencing(Collection<Digest> digests, Supplier<T> change) {
        lock.readLock().lock();
        try {
            digests.forEach(this::use);
            return change.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Starts recording uses, once no referencing change is in progress. */
    public void runStarts() {
        lock.writeLock().lock();
        try {
            used = ConcurrentHashMap.newKeySet();
        } finally {
            lock.writeLock().unlock();
        }
    }

    public void runEnds() {
        used = null;
    }

    public boolean isUsed(Digest digest) {
        Set<Digest> current = used;
        return current != null && current.contains(digest);
    }

    /** Runs the removal unless the digest was used during this run; false when it was. */
    public boolean removeUnlessUsed(Digest digest, Runnable removal) {
        lock.writeLock().lock();
        try {
            if (isUsed(digest)) {
                return false;
            }
            removal.run();
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }
}
