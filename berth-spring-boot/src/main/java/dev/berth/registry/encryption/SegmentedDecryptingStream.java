package dev.berth.registry.encryption;

import dev.berth.registry.naming.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The plaintext of a {@link SegmentedFormat} blob, or of a range of it, read a segment at a time
 * from a stream of its ciphertext. Each segment is authenticated before any of its bytes are
 * delivered. A failing source fails as it did; ciphertext that does not authenticate, or that ends
 * where it should not, is a {@link DecryptionException}. Read whole, the plaintext is also checked
 * against the blob's digest before its last bytes are delivered.
 */
final class SegmentedDecryptingStream extends InputStream {
    private final InputStream source;
    private final SegmentCipher cipher;
    private final String what;
    /** The blob's segment count, or -1 when reading to the end of the source finds it. */
    private final long segments;
    /** The ciphertext bytes of the last segment, when the segment count is known. */
    private final long lastLength;
    private final Digest digest;
    private final MessageDigest hash;
    private byte[] current = new byte[SegmentedFormat.CIPHERTEXT_SEGMENT_SIZE];
    private byte[] next = new byte[SegmentedFormat.CIPHERTEXT_SEGMENT_SIZE];
    private final byte[] plaintext = new byte[SegmentedFormat.PLAINTEXT_SEGMENT_SIZE];
    private int nextLength = -1;
    private long segment;
    private int position;
    private int available;
    private long skip;
    private long remaining;
    private boolean done;

    private SegmentedDecryptingStream(InputStream source, SegmentCipher cipher, String what, long firstSegment, long segments,
                                      long skip, long length, Digest digest, long lastLength) {
        this.source = source;
        this.lastLength = lastLength;
        this.cipher = cipher;
        this.what = what;
        this.segment = firstSegment;
        this.segments = segments;
        this.skip = skip;
        this.remaining = length;
        this.digest = digest;
        this.hash = digest == null ? null : digest.algorithm().newMessageDigest();
    }

    /** The whole plaintext, from a stream of the ciphertext just past its prefix, checked against the digest unless it is null. */
    static InputStream whole(InputStream afterPrefix, SegmentCipher cipher, Digest digest, String what) {
        return new SegmentedDecryptingStream(afterPrefix, cipher, what, 0, -1, 0, Long.MAX_VALUE, digest, -1);
    }

    /**
     * Plaintext bytes {@code first .. first + length - 1}, from a stream of the ciphertext that
     * starts where the segment holding {@code first} starts.
     */
    static InputStream range(InputStream fromFirstSegment, SegmentCipher cipher, long ciphertextSize, long first, long length,
                             String what) {
        long segment = SegmentedFormat.segmentOf(first);
        long segments = SegmentedFormat.segmentCount(ciphertextSize);
        return new SegmentedDecryptingStream(fromFirstSegment, cipher, what, segment, segments,
                first - SegmentedFormat.plaintextStart(segment), length, null,
                ciphertextSize - SegmentedFormat.segmentStart(segments - 1));
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (remaining == 0) {
            return -1;
        }
        while (position == available) {
            if (done || !decryptNext()) {
                return -1;
            }
        }
        int taken = (int) Math.min(Math.min(length, available - position), remaining);
        System.arraycopy(plaintext, position, bytes, offset, taken);
        position += taken;
        remaining -= taken;
        return taken;
    }

    /** Decrypts the next segment; false at the end of the blob. */
    private boolean decryptNext() throws IOException {
        int full = (int) (SegmentedFormat.segmentEnd(segment, Long.MAX_VALUE) - SegmentedFormat.segmentStart(segment));
        int length = nextLength >= 0 ? swap() : source.readNBytes(current, 0, full);
        boolean last;
        if (segments >= 0) {
            last = segment == segments - 1;
            if (segment >= segments) {
                done = true;
                return false;
            }
            if (length < (last ? lastLength : full)) {
                // the stored size says more is there: the source failed to deliver it
                throw new java.io.EOFException("the ciphertext of " + what + " ended inside segment " + segment);
            }
        } else {
            if (length == 0 && segment > 0) {
                done = true;
                return false;
            }
            // a full segment is the last only when nothing follows it
            nextLength = length == full ? source.readNBytes(next, 0, SegmentedFormat.CIPHERTEXT_SEGMENT_SIZE) : 0;
            last = nextLength == 0;
            nextLength = last ? -1 : nextLength;
        }
        try {
            available = cipher.decrypt(segment, last, current, length, plaintext);
        } catch (DecryptionException e) {
            throw new DecryptionException(what + " does not decrypt: a wrong keyset, or content that was altered, cut short or "
                    + "stored in another place (" + e.getMessage() + ")", e);
        }
        position = (int) Math.min(skip, available);
        skip -= position;
        segment++;
        if (hash != null) {
            hash.update(plaintext, 0, available);
            if (last) {
                checkDigest();
            }
        }
        if (last) {
            done = true;
        }
        return true;
    }

    private int swap() {
        byte[] swapped = current;
        current = next;
        next = swapped;
        int length = nextLength;
        nextLength = -1;
        return length;
    }

    private void checkDigest() throws DecryptionException {
        String actual = HexFormat.of().formatHex(hash.digest());
        if (!actual.equals(digest.hex())) {
            throw new DecryptionException(what + " decrypts to content of another digest, " + digest.algorithm().id() + ":" + actual);
        }
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
