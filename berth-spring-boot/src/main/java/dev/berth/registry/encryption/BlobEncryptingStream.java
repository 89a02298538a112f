package dev.berth.registry.encryption;

import dev.berth.registry.naming.Digest;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Plaintext in, ciphertext out to the sink, a segment at a time (never the whole blob in memory).
 * {@link #finish()} writes the last segment and leaves the sink open, for sinks that are committed
 * afterwards (a storage writer); {@link #close()} finishes and closes the sink.
 *
 * <p>A blob encrypted under its digest is checked against it on finish: plaintext with another
 * digest is an {@link IOException}, and what was written must be discarded, never stored.
 */
public final class BlobEncryptingStream extends OutputStream {
    private final OutputStream sink;
    private final OutputStream encrypting;
    private final BlobHeader header;
    private final Digest expected;
    private final MessageDigest hash;
    private long plaintextSize;
    private boolean finished;

    /** @param expected the digest the plaintext must have, or null for staged content */
    BlobEncryptingStream(OutputStream sink, OutputStream encrypting, BlobHeader header, Digest expected) {
        this.sink = sink;
        this.encrypting = encrypting;
        this.header = header;
        this.expected = expected;
        this.hash = expected == null ? null : expected.algorithm().newMessageDigest();
    }

    /** A view of the sink that {@link #finish()} may close without closing the sink. */
    static OutputStream unclosable(OutputStream sink) {
        return new FilterOutputStream(sink) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }

    /** The mode and key this blob is encrypted under. */
    public BlobHeader header() {
        return header;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (finished) {
            throw new IOException("the encrypted blob is already finished");
        }
        if (hash != null) {
            hash.update(bytes, offset, length);
        }
        encrypting.write(bytes, offset, length);
        plaintextSize += length;
    }

    /** Writes the last segment, checks the digest and flushes; the sink stays open. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        encrypting.close();
        if (hash != null) {
            String actual = HexFormat.of().formatHex(hash.digest());
            if (!actual.equals(expected.hex())) {
                throw new IOException("the plaintext encrypted as " + expected + " has the digest "
                        + expected.algorithm().id() + ":" + actual + "; discard this ciphertext");
            }
        }
    }

    /** Bytes of plaintext written so far. */
    public long plaintextSize() {
        return plaintextSize;
    }

    /** Bytes of ciphertext the plaintext so far makes once finished. */
    public long ciphertextSize() {
        return BlobCipher.ciphertextSize(header.mode(), plaintextSize);
    }

    @Override
    public void close() throws IOException {
        try {
            finish();
        } finally {
            sink.close();
        }
    }
}
