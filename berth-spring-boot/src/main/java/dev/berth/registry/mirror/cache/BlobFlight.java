package dev.berth.registry.mirror.cache;

import dev.berth.registry.mirror.cache.CacheWriter.PendingBlob;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.RepositoryName;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fetch of a blob from its source, shared by every request for it while it runs. A thread of its
 * own reads the source once into a spool file on local disk, which each client follows at its own
 * pace (no blob is held in memory). The source checks the digest at its end. Clients get every byte
 * but the last before that, and the last only once the digest checked out, so a corrupt or cut blob
 * never ends cleanly at any client. Only then does one more thread copy the spool into the storage's
 * pending content ({@link PendingBlob}) and publish it into the cache: the store's work (on IPFS,
 * Kubo's import) neither slows the clients nor starts for bytes that turn out wrong. Requests that
 * come meanwhile still stream from the spool. The fetch goes on when a client goes away; a storage
 * failure stops the caching, not the clients.
 */
public final class BlobFlight {
    private static final Logger log = LoggerFactory.getLogger(BlobFlight.class);
    private static final int BUFFER = 256 * 1024;

    private final RepositoryName repository;
    private final Digest digest;
    private final BlobSource source;
    private final CacheWriter writer;
    private final Path spoolDir;
    private final Runnable leave;
    private final CompletableFuture<Long> sized = new CompletableFuture<>();
    private final CompletableFuture<Void> stored = new CompletableFuture<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition progress = lock.newCondition();
    /** Set once, under the lock, before the size is known. */
    private Path spool;
    private long written;
    private boolean verified;
    private IOException failure;
    private boolean fetched;
    private boolean spoolDeleted;
    private int readers;

    /** @param leave takes the flight out of the flights in progress, so later requests start their own */
    BlobFlight(RepositoryName repository, Digest digest, BlobSource source, CacheWriter writer, Path spoolDir, Runnable leave) {
        this.repository = repository;
        this.digest = digest;
        this.source = source;
        this.writer = writer;
        this.spoolDir = spoolDir;
        this.leave = leave;
    }

    public Digest digest() {
        return digest;
    }

    /**
     * The blob's size once the source answered, or -1 when it did not declare one (then wait for
     * {@link #awaitStored}); the source's failure, such as an upstream error, is thrown as it is.
     */
    public long awaitSize() throws IOException {
        return await(sized);
    }

    /** Waits until the blob is in the cache; throws why it is not (a failed fetch, or storage that failed). */
    public void awaitStored() throws IOException {
        await(stored);
    }

    /**
     * Streams the blob as it arrives, all but the last byte before its digest checked out; a failed
     * fetch throws, cutting the client's response short. False when the fetch was over before this
     * client came: the blob is then in the cache, or {@link #awaitStored} says why not.
     */
    public boolean streamTo(OutputStream out) throws IOException {
        return follow(out, true);
    }

    /** Copies the spool to {@code out} as it grows; false when the spool is gone already. */
    private boolean follow(OutputStream out, boolean holdBackLast) throws IOException {
        lock.lock();
        try {
            if (spool == null || spoolDeleted) {
                return false;
            }
            readers++;
        } finally {
            lock.unlock();
        }
        try {
            copy(out, holdBackLast);
            return true;
        } finally {
            release();
        }
    }

    /** Copies the spool as it grows, by a reader counted in {@link #readers}. */
    private void copy(OutputStream out, boolean holdBackLast) throws IOException {
        try (FileChannel channel = FileChannel.open(spool, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
            long position = 0;
            long allowed;
            while ((allowed = awaitBytesAfter(position, holdBackLast)) >= 0) {
                while (position < allowed) {
                    buffer.clear().limit((int) Math.min(BUFFER, allowed - position));
                    int n = channel.read(buffer, position);
                    if (n < 0) {
                        throw new IOException("the spool of " + digest + " ended at " + position + " of " + allowed + " bytes");
                    }
                    out.write(buffer.array(), 0, n);
                    position += n;
                }
            }
        }
    }

    /** How far a reader at {@code position} may read, once it can go further; -1 when it has everything. */
    private long awaitBytesAfter(long position, boolean holdBackLast) throws IOException {
        long held = holdBackLast ? 1 : 0;
        lock.lock();
        try {
            while (failure == null && !verified && written - held <= position) {
                progress.await();
            }
            if (failure != null) {
                throw new IOException("fetching " + digest + " failed; the response is cut short: " + failure.getMessage(), failure);
            }
            return verified && position == written ? -1 : verified ? written : written - held;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + digest);
        } finally {
            lock.unlock();
        }
    }

    /** The fetch, in a thread of its own; it starts the thread that stores the blob. */
    void run() {
        try {
            Path created = Files.createTempFile(spoolDir, "berth-mirror-", ".blob");
            lock.lock();
            try {
                spool = created;
                readers++; // the storing thread's, taken now so that the spool outlives the fetch for it (see store)
            } finally {
                lock.unlock();
            }
            try (FetchedBlob blob = source.open()) {
                sized.complete(blob.length());
                fill(blob.stream());
            }
            markVerified();
            Thread.ofVirtual().name("berth-mirror-store-" + digest.hex().substring(0, 12)).start(this::store);
        } catch (IOException | RuntimeException e) {
            fail(e instanceof IOException io ? io : new IOException(String.valueOf(e.getMessage()), e));
            if (spool != null) {
                release(); // the storing thread's place: it never starts
            }
        } finally {
            lock.lock();
            try {
                fetched = true;
                deleteSpoolIfUnread();
            } finally {
                lock.unlock();
            }
            sized.completeExceptionally(new IOException("the fetch of " + digest + " ended without a reply"));
        }
    }

    /** Reads the source to its end (where it fails if the digest does not match) into the spool. */
    private void fill(InputStream in) throws IOException {
        try (OutputStream out = Files.newOutputStream(spool)) {
            byte[] buffer = new byte[BUFFER];
            int n;
            // whole buffers: a socket gives a few KiB a read, and each step here wakes every reader
            while ((n = in.readNBytes(buffer, 0, BUFFER)) > 0) {
                out.write(buffer, 0, n);
                lock.lock();
                try {
                    written += n;
                    progress.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /**
     * Copies the verified spool into the storage's pending content and publishes it; then the flight
     * is over. Its place among the spool's readers was taken when the flight started.
     */
    private void store() {
        try (PendingBlob pending = writer.pendingBlob(repository)) {
            copy(pending.out(), false);
            pending.publish(digest);
            stored.complete(null);
        } catch (IOException | RuntimeException e) {
            IOException fetchFailure = fetchFailure();
            if (fetchFailure == null) {
                log.warn("Not caching {} in {}: the storage failed ({}); clients are still served", digest, repository, e.toString());
            }
            stored.completeExceptionally(fetchFailure != null ? fetchFailure
                    : new IOException("the mirror could not store " + digest + ": " + e.getMessage(), e));
        } finally {
            release();
            leave.run();
        }
    }

    private IOException fetchFailure() {
        lock.lock();
        try {
            return failure;
        } finally {
            lock.unlock();
        }
    }

    private void markVerified() {
        lock.lock();
        try {
            verified = true;
            progress.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void fail(IOException e) {
        lock.lock();
        try {
            failure = e;
            progress.signalAll();
        } finally {
            lock.unlock();
        }
        sized.completeExceptionally(e);
        stored.completeExceptionally(e);
        leave.run(); // new requests start a new fetch rather than join a failed one
    }

    private void release() {
        lock.lock();
        try {
            readers--;
            deleteSpoolIfUnread();
        } finally {
            lock.unlock();
        }
    }

    private void deleteSpoolIfUnread() {
        if (fetched && readers == 0 && spool != null && !spoolDeleted) {
            spoolDeleted = true;
            try {
                Files.deleteIfExists(spool);
            } catch (IOException e) {
                log.warn("Could not delete the spool file {}: {}", spool, e.toString());
            }
        }
    }

    private static <T> T await(CompletableFuture<T> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a blob");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }
}
