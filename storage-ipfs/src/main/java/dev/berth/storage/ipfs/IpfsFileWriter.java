package dev.berth.storage.ipfs;

import dev.berth.storage.FileWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Streams a writer's bytes into the pending MFS file while they are written: a second thread runs
 * the one HTTP upload and reads from an {@link UploadPipe}, so nothing is held in memory beyond the
 * pipe's few MiB. The upload starts with the first byte; commit publishes the pending file with
 * {@code files/mv}.
 */
final class IpfsFileWriter extends FileWriter {
    /** How the bytes reach the pending file. */
    interface Upload {
        void run(InputStream content) throws IOException;
    }

    /** Publishes the finished pending file at the path. */
    interface Publisher {
        void publish() throws IOException;
    }

    /** Removes the pending file. */
    interface Discarder {
        void discard() throws IOException;
    }

    private final String path;
    private final Upload upload;
    private final boolean uploadEvenIfEmpty;
    private final Publisher publisher;
    private final Discarder discarder;
    private final ExecutorService executor;
    private final Duration timeout;
    private final long startSize;
    private long written;
    private UploadPipe pipe;
    private Future<?> running;
    private boolean closed;

    /**
     * @param uploadEvenIfEmpty whether the upload must run when nothing was written (a new file must
     *     exist as an empty pending file; an append to existing content needs no call)
     */
    IpfsFileWriter(String path, long startSize, Upload upload, boolean uploadEvenIfEmpty, Publisher publisher,
            Discarder discarder, ExecutorService executor, Duration timeout) {
        this.path = path;
        this.startSize = startSize;
        this.upload = upload;
        this.uploadEvenIfEmpty = uploadEvenIfEmpty;
        this.publisher = publisher;
        this.discarder = discarder;
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
        ensureOpen();
        closed = true;
        try {
            finishUpload();
            publisher.publish();
        } catch (IOException e) {
            throw Failures.of(path, e);
        }
    }

    @Override
    public void cancel() throws IOException {
        ensureOpen();
        closed = true;
        try {
            if (pipe != null) {
                pipe.fail(new IOException("cancelled"));
                awaitUpload();
            }
        } catch (IOException expected) {
            // The upload was stopped on purpose; what it left is removed below.
        }
        try {
            discarder.discard();
        } catch (IOException e) {
            throw Failures.of(path, e);
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            finishUpload();
        } catch (IOException e) {
            throw Failures.of(path, e);
        }
    }

    private UploadPipe start() {
        if (pipe == null) {
            // Kubo may take the whole timeout to answer; a writer may pause for much longer between writes.
            pipe = new UploadPipe(timeout, timeout.multipliedBy(10));
            UploadPipe started = pipe;
            running = executor.submit(() -> {
                try {
                    upload.run(started.input());
                } catch (IOException e) {
                    started.fail(e);
                    throw e;
                }
                return null;
            });
        }
        return pipe;
    }

    private void finishUpload() throws IOException {
        if (pipe == null && !uploadEvenIfEmpty) {
            return;
        }
        start().finish();
        awaitUpload();
    }

    private void awaitUpload() throws IOException {
        try {
            // The last queued MiB still travel, then Kubo answers: each part within the timeout.
            running.get(timeout.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            pipe.fail(new InterruptedIOException("Kubo did not finish the upload in time"));
            throw new InterruptedIOException("Kubo did not finish the upload of " + path + " within " + timeout.multipliedBy(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while finishing the upload of " + path);
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("writer for " + path + " is closed");
        }
    }
}
