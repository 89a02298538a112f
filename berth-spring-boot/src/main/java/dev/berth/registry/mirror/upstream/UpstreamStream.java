package dev.berth.registry.mirror.upstream;

import dev.berth.registry.mirror.upstream.UpstreamInvalidResponseException.Reason;
import dev.berth.registry.naming.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * A blob body from an upstream: transport failures become {@link UpstreamException}s naming the
 * call, and a whole blob is hashed as it is read, its mismatch reported instead of the end.
 */
final class UpstreamStream extends InputStream {
    private final Transport transport;
    private final String call;
    private final Response response;
    private final InputStream body;
    private final Digest expected;
    private final MessageDigest hash;
    private long read;
    private boolean ended;

    /** @param expected the digest a whole blob must hash to, or {@code null} for a part */
    UpstreamStream(Transport transport, String call, Response response, Digest expected) throws UpstreamException {
        this.transport = transport;
        this.call = call;
        this.response = response;
        this.expected = expected;
        this.hash = expected == null ? null : expected.algorithm().newMessageDigest();
        try {
            this.body = response.body();
        } catch (IOException e) {
            response.close();
            throw transport.failure(call, e, Deadline.none());
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (ended) {
            return -1;
        }
        int n;
        try {
            n = body.read(buffer, offset, length);
        } catch (IOException e) {
            throw transport.failure(call, e, Deadline.none());
        }
        if (n < 0) {
            ended = true;
            response.drained();
            verify();
            return -1;
        }
        read += n;
        if (hash != null) {
            hash.update(buffer, offset, n);
        }
        return n;
    }

    private void verify() throws UpstreamException {
        if (hash == null) {
            return;
        }
        Digest actual = Digest.of(expected.algorithm(), hash);
        if (!actual.equals(expected)) {
            throw transport.invalid(call, Reason.DIGEST_MISMATCH, read + " bytes that hash to " + actual);
        }
    }

    @Override
    public void close() {
        response.close();
    }
}
