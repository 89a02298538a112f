package dev.berth.registry.encryption;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Writes the segments of a {@link SegmentedFormat} blob to a sink as plaintext arrives (Berth's
 * prefix must already be there). The last full segment is held back until more bytes come, because
 * whether a segment is the last is part of its key; so a writer can also stop before the end
 * ({@link #suspend()}) and another continue later from the bytes it held back, as an upload does
 * between a client's requests. Nothing reaches the sink before the first segment is encrypted (a
 * new blob's prefix goes with it), so a writer that only held bytes back wrote nothing. The sink is
 * never closed here.
 */
public final class SegmentedEncryptingStream extends OutputStream {
    private final OutputStream sink;
    private final SegmentCipher cipher;
    private final byte[] plaintext = new byte[SegmentedFormat.PLAINTEXT_SEGMENT_SIZE];
    private final byte[] ciphertext = new byte[SegmentedFormat.CIPHERTEXT_SEGMENT_SIZE];
    private long segment;
    private int capacity;
    private int buffered;
    private boolean ended;
    private byte[] prefix;

    /**
     * @param segment the number of the next segment to write (0 for a new blob)
     * @param held the plaintext held back by the writer this one continues (at most one segment)
     */
    SegmentedEncryptingStream(OutputStream sink, SegmentCipher cipher, long segment, byte[] held) {
        this(sink, cipher, segment, held, null);
    }

    /**
     * @param prefix the blob's prefix, written just before segment 0 (null when {@code segment} is later)
     */
    SegmentedEncryptingStream(OutputStream sink, SegmentCipher cipher, long segment, byte[] held, byte[] prefix) {
        this.prefix = prefix;
        if (segment < 0 || held.length > SegmentedFormat.plaintextCapacity(segment)) {
            throw new IllegalArgumentException("cannot continue at segment " + segment + " holding " + held.length + " bytes");
        }
        this.sink = sink;
        this.cipher = cipher;
        this.segment = segment;
        this.capacity = SegmentedFormat.plaintextCapacity(segment);
        System.arraycopy(held, 0, plaintext, 0, held.length);
        this.buffered = held.length;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (ended) {
            throw new IOException("the encrypted blob is already finished");
        }
        while (length > 0) {
            if (buffered == capacity) {
                encrypt(false);
            }
            int taken = Math.min(length, capacity - buffered);
            System.arraycopy(bytes, offset, plaintext, buffered, taken);
            buffered += taken;
            offset += taken;
            length -= taken;
        }
    }

    /** Encrypts what is held back as the last segment. */
    public void finish() throws IOException {
        if (!ended) {
            encrypt(true);
            ended = true;
        }
    }

    /** Stops without writing what is held back, and returns it, for a writer that continues. */
    public byte[] suspend() {
        ended = true;
        return Arrays.copyOf(plaintext, buffered);
    }

    /** Same as {@link #finish()}. */
    @Override
    public void close() throws IOException {
        finish();
    }

    private void encrypt(boolean last) throws IOException {
        int written = cipher.encrypt(segment, last, plaintext, buffered, ciphertext);
        if (prefix != null) {
            sink.write(prefix);
            prefix = null;
        }
        sink.write(ciphertext, 0, written);
        segment++;
        capacity = SegmentedFormat.plaintextCapacity(segment);
        buffered = 0;
    }
}
