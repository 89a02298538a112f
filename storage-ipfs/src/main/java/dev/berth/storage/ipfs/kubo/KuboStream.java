package dev.berth.storage.ipfs.kubo;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;

/**
 * The body of a Kubo reply as it arrives. At its end it checks the {@code X-Stream-Error} trailer
 * and the expected length, so that a failure after the first byte is an exception, never a short
 * file. Closed early, it drops the connection rather than read the rest of a large body.
 */
final class KuboStream extends InputStream {
    private final String command;
    private final HttpPost request;
    private final ClassicHttpResponse response;
    private final HttpEntity entity;
    private final InputStream in;
    private final long expectedLength;
    /** Told the stream's outcome once: at its end, at a failure, or when closed early. */
    private final Consumer<RpcMetrics.Outcome> finished;
    private boolean reported;
    private long count;
    private boolean ended;
    private boolean closed;

    KuboStream(String command, HttpPost request, ClassicHttpResponse response, long expectedLength,
               Consumer<RpcMetrics.Outcome> finished) throws IOException {
        this.command = command;
        this.request = request;
        this.response = response;
        this.entity = response.getEntity();
        this.in = entity == null ? InputStream.nullInputStream() : entity.getContent();
        this.expectedLength = expectedLength;
        this.finished = finished;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("kubo " + command + ": stream closed");
        }
        if (ended) {
            return -1;
        }
        int n;
        try {
            n = in.read(bytes, offset, length);
        } catch (IOException e) {
            throw report(RpcReplies.transportFailure(command, e));
        }
        if (n == -1) {
            end();
        } else {
            count += n;
        }
        return n;
    }

    private void end() throws IOException {
        ended = true;
        String error = RpcReplies.streamError(entity);
        if (error != null) {
            throw report(new KuboException(command, error));
        }
        if (expectedLength >= 0 && count != expectedLength) {
            throw report(new KuboUnavailableException(
                    "kubo " + command + ": the reply ended after " + count + " of " + expectedLength + " bytes", null));
        }
        report(RpcMetrics.Outcome.SUCCESS);
    }

    private IOException report(IOException failure) {
        report(RpcMetrics.Outcome.of(failure));
        return failure;
    }

    private void report(RpcMetrics.Outcome outcome) {
        if (!reported) {
            reported = true;
            finished.accept(outcome);
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        // A reader that stops early (a range, a check that failed upstream) saw no failure of Kubo's.
        report(RpcMetrics.Outcome.SUCCESS);
        if (!ended) {
            // Reading the rest of a large body only to reuse the connection costs more than a new one.
            // Cancelling shuts the socket, so the close below finds nothing left to drain.
            request.cancel();
            try {
                response.close();
            } catch (IOException expected) {
                // The connection was just shut on purpose.
            }
            return;
        }
        response.close();
    }
}
