package dev.berth.registry.uploads;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One lock per upload, held by the request working on it: a client's retried PATCH must not
 * interleave with the first. Requests take it without waiting ({@link #tryLocked}), so a second
 * request on a busy upload fails at once instead of waiting behind a slow client's body; garbage
 * collection's expiry waits for it ({@link #locked}), so it never cuts a request short. Locks of
 * different uploads are independent, and a lock exists only while someone holds or waits for it.
 * Keyed by the upload folder's key, which garbage collection knows (it never sees upload ids).
 */
public final class UploadLocks {
    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final List<Consumer<String>> changedElsewhere = new CopyOnWriteArrayList<>();

    /**
     * Tells {@code listener} the folder key of each upload that an action under {@link #locked} (garbage
     * collection's expiry) worked on, so that what requests remember of it can be dropped.
     */
    public void onChangedElsewhere(Consumer<String> listener) {
        changedElsewhere.add(listener);
    }

    /** Runs the action holding the lock of the upload folder {@code folderKey}, waiting for it if need be. */
    public <T> T locked(String folderKey, IoSupplier<T> action) {
        Entry entry = acquire(folderKey);
        entry.lock.lock();
        try {
            return run(action);
        } finally {
            changedElsewhere.forEach(listener -> listener.accept(folderKey));
            entry.lock.unlock();
            release(folderKey);
        }
    }

    /** Runs the action holding the lock of the upload folder, or throws {@code busy}'s exception at once when another holds it. */
    public <T> T tryLocked(String folderKey, Supplier<? extends RuntimeException> busy, IoSupplier<T> action) {
        Entry entry = acquire(folderKey);
        if (!entry.lock.tryLock()) {
            release(folderKey);
            throw busy.get();
        }
        try {
            return run(action);
        } finally {
            entry.lock.unlock();
            release(folderKey);
        }
    }

    private Entry acquire(String key) {
        return entries.compute(key, (k, entry) -> {
            Entry used = entry == null ? new Entry() : entry;
            used.users++;
            return used;
        });
    }

    private void release(String key) {
        entries.computeIfPresent(key, (k, entry) -> --entry.users == 0 ? null : entry);
    }

    private static <T> T run(IoSupplier<T> action) {
        try {
            return action.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FunctionalInterface
    public interface IoSupplier<T> {
        T get() throws IOException;
    }
}
