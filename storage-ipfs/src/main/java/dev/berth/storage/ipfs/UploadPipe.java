package dev.berth.storage.ipfs;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands bytes from a writer's thread to the thread that streams them to Kubo, holding at most a few
 * MiB. {@link java.io.PipedInputStream} is not used because it fails once the thread that last
 * wrote ends, and a registry may write one upload from several request threads.
 */
final class UploadPipe {
    private static final int PIECE = 1 << 20;
    private static final int PIECES = 8;
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(PIECES);
    private static final long GATHER_NANOS = TimeUnit.SECONDS.toNanos(1);
    private byte[] gathering = new byte[PIECE];
    private int filled;
    private long lastHandOver = System.nanoTime();
    private final Duration timeout;
    private final Duration idleLimit;
    private volatile IOException failure;
    private final InputStream input = new Input();

    /**
     * @param timeout how long a write waits for room before Kubo counts as stalled
     * @param idleLimit how long the upload waits for the writer's next bytes before it gives up
     */
    UploadPipe(Duration timeout, Duration idleLimit) {
        this.timeout = timeout;
        this.idleLimit = idleLimit;
    }

    /** The stream the upload reads. */
    InputStream input() {
        return input;
    }

    /**
     * Gathers writes into pieces of {@value #PIECE} bytes (a hand-over per small write would cost
     * more than the copy); a partial piece goes out after {@link #GATHER_NANOS}, so that a slow
     * writer's bytes still reach Kubo.
     */
    void write(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            int n = Math.min(length, PIECE - filled);
            System.arraycopy(bytes, offset, gathering, filled, n);
            filled += n;
            offset += n;
            length -= n;
            if (filled == PIECE || System.nanoTime() - lastHandOver > GATHER_NANOS) {
                handOver();
            }
        }
    }

    /** Ends the stream after the bytes written so far. */
    void finish() throws IOException {
        handOver();
        put(END);
    }

    private void handOver() throws IOException {
        if (filled > 0) {
            put(filled == PIECE ? gathering : Arrays.copyOf(gathering, filled));
            gathering = new byte[PIECE];
            filled = 0;
        }
        lastHandOver = System.nanoTime();
    }

    /** Fails both sides: the writer's next write and the upload's next read throw {@code cause}. */
    void fail(IOException cause) {
        if (failure == null) {
            failure = cause;
        }
        queue.clear();
    }

    private void put(byte[] piece) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            // Short polls, so that a failed upload stops a writer that waits for room.
            while (!queue.offer(piece, 50, TimeUnit.MILLISECONDS)) {
                checkFailure();
                if (System.nanoTime() > deadline) {
                    IOException stalled = new InterruptedIOException("Kubo took no data for " + timeout);
                    fail(stalled);
                    throw stalled;
                }
            }
            checkFailure();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing");
        }
    }

    private void checkFailure() throws IOException {
        IOException cause = failure;
        if (cause != null) {
            throw cause;
        }
    }

    private final class Input extends InputStream {
        private byte[] current = new byte[0];
        private int position;
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (position == current.length) {
                if (ended) {
                    return -1;
                }
                byte[] next = take();
                if (next == END) {
                    ended = true;
                    return -1;
                }
                current = next;
                position = 0;
            }
            int n = Math.min(length, current.length - position);
            System.arraycopy(current, position, bytes, offset, n);
            position += n;
            return n;
        }

        private byte[] take() throws IOException {
            try {
                long deadline = System.nanoTime() + idleLimit.toNanos();
                while (true) {
                    checkFailure();
                    byte[] piece = queue.poll(50, TimeUnit.MILLISECONDS);
                    if (piece != null) {
                        return piece;
                    }
                    if (System.nanoTime() > deadline) {
                        IOException idle = new InterruptedIOException("the writer sent nothing for " + idleLimit);
                        fail(idle);
                        throw idle;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("upload interrupted");
            }
        }
    }
}
