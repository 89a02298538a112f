package dev.berth.storage.ipfs;

import dev.berth.storage.FileInfo;
import dev.berth.storage.FileWriter;
import dev.berth.storage.ipfs.JoinedFile.Piece;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a writer's bytes into Kubo while they are written: a second thread runs the one pinned
 * {@code add} and reads from an {@link UploadPipe}, so nothing is held in memory beyond the pipe's
 * few MiB and no lock is held while the bytes stream. The import starts with the first byte; what
 * becomes of it (linked at a path, kept pending, discarded) is the {@link Ending}'s business, and the
 * import is unpinned once that is done, when MFS keeps what it links.
 */
final class IpfsFileWriter extends FileWriter {
    private static final Logger log = LoggerFactory.getLogger(IpfsFileWriter.class);

    /** Imports the bytes, pinned, and says what was imported (its size is counted here). */
    interface Import {
        Piece run(InputStream content) throws IOException;
    }

    /** What happens to the imported bytes, joined after the content the writer continues. */
    interface Ending {
        /** Links the whole content at {@code target}, drops the pending content, and says what was linked. */
        Piece commitTo(String target, Optional<Piece> written) throws IOException;

        /** Keeps the whole content pending, for a writer that resumes it. */
        void keep(Optional<Piece> written) throws IOException;

        /** Drops the pending content. */
        void discard() throws IOException;
    }

    /** Lets go of an import's pin. */
    interface Unpin {
        void run(String cid) throws IOException;
    }

    private final String path;
    private final long startSize;
    private final Import importer;
    private final Ending ending;
    private final Unpin unpin;
    private final ExecutorService executor;
    private final Duration timeout;
    private long written;
    private UploadPipe pipe;
    private Future<Piece> running;
    private boolean closed;

    IpfsFileWriter(String path, long startSize, Import importer, Ending ending, Unpin unpin, ExecutorService executor,
            Duration timeout) {
        this.path = path;
        this.startSize = startSize;
        this.importer = importer;
        this.ending = ending;
        this.unpin = unpin;
        this.executor = executor;
        this.timeout = timeout;
    }

    @Override
    public long size() {
        return startSize + written;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        ensureOpen();
        if (length == 0) {
            return;
        }
        try {
            start().write(bytes, offset, length);
        } catch (IOException e) {
            throw Failures.of(path, e);
        }
        written += length;
    }

    @Override
    public void commit() throws IOException {
        commitTo(path);
    }

    @Override
    public FileInfo commitTo(String otherPath) throws IOException {
        ensureOpen();
        closed = true;
        Piece whole = end(written -> ending.commitTo(otherPath, written));
        // MFS keeps no modification times: the time is the commit's, as stat would say
        return FileInfo.file(otherPath, whole.size(), Instant.now()).withContentId(whole.cid());
    }

    @Override
    public void cancel() throws IOException {
        ensureOpen();
        closed = true;
        Optional<Piece> imported = Optional.empty();
        if (pipe != null) {
            pipe.fail(new IOException("cancelled"));
            try {
                imported = Optional.of(awaitImport());
            } catch (IOException expected) {
                // The import was stopped on purpose and pinned nothing.
            }
        }
        try {
            ending.discard();
        } catch (IOException e) {
            throw Failures.of(path, e);
        } finally {
            release(imported);
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        end(written -> {
            ending.keep(written);
            return null;
        });
    }

    private interface Step<T> {
        T run(Optional<Piece> written) throws IOException;
    }

    private <T> T end(Step<T> step) throws IOException {
        Optional<Piece> imported = Optional.empty();
        try {
            if (pipe != null) {
                pipe.finish();
                imported = Optional.of(awaitImport());
            }
            return step.run(imported);
        } catch (IOException e) {
            throw Failures.of(path, e);
        } finally {
            release(imported);
        }
    }

    /** Unpins an import once it is linked (or abandoned); a failure leaves a pin behind, which is only logged. */
    private void release(Optional<Piece> imported) {
        if (imported.isPresent()) {
            try {
                unpin.run(imported.get().cid());
            } catch (IOException e) {
                log.warn("Could not unpin {} after writing {}; ipfs pin rm removes it: {}", imported.get().cid(), path, e.toString());
            }
        }
    }

    private UploadPipe start() {
        if (pipe == null) {
            // Kubo may take the whole timeout to answer; a writer may pause for much longer between writes.
            pipe = new UploadPipe(timeout, timeout.multipliedBy(10));
            UploadPipe started = pipe;
            running = executor.submit(() -> {
                try {
                    return importer.run(started.input());
                } catch (IOException e) {
                    started.fail(e);
                    throw e;
                }
            });
        }
        return pipe;
    }

    private Piece awaitImport() throws IOException {
        try {
            // The last queued MiB still travel, then Kubo answers: each part within the timeout.
            Piece piece = running.get(timeout.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS);
            return new Piece(piece.cid(), written, piece.dagSize());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            pipe.fail(new InterruptedIOException("Kubo did not finish the import in time"));
            throw new InterruptedIOException("Kubo did not finish the import of " + path + " within " + timeout.multipliedBy(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while finishing the import of " + path);
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("writer for " + path + " is closed");
        }
    }
}
