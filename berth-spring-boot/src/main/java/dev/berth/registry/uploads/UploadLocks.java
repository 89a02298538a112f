package dev.berth.registry.uploads;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises the requests on one upload (a client's retried PATCH must not interleave with the
 * first), and garbage collection's expiry of an upload with them. Keyed by the upload folder's key,
 * which garbage collection knows (it never sees upload ids).
 */
public final class UploadLocks {
    private final ReentrantLock[] locks = new ReentrantLock[64];

    public UploadLocks() {
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** Runs the action holding the lock of the upload folder {@code folderKey}. */
    public <T> T locked(String folderKey, IoSupplier<T> action) {
        ReentrantLock lock = locks[Math.floorMod(folderKey.hashCode(), locks.length)];
        lock.lock();
        try {
            return action.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lock.unlock();
        }
    }

    @FunctionalInterface
    public interface IoSupplier<T> {
        T get() throws IOException;
    }
}
