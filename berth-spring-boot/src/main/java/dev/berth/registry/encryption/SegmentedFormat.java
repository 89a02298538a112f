package dev.berth.registry.encryption;

/**
 * The layout of a convergent blob: segments that each carry their own key, so that a blob can be
 * encrypted as its bytes arrive, before anyone knows its digest, and still come out the same on
 * every node holding the keyset.
 *
 * <pre>
 * offset 0          Brth | version 2 | mode | key id       10 bytes, Berth's prefix ({@link BlobHeader})
 * 10                segment 0: wrapped key (48) | AES-256-GCM of up to S - 74 plaintext bytes | tag (16)
 * S * i             segment i: wrapped key (48) | AES-256-GCM of up to S - 64 plaintext bytes | tag (16)
 * </pre>
 *
 * {@link SegmentCipher} says how a segment's key is made and wrapped. Every segment but the last is
 * full; the last holds the rest (an empty blob is one empty segment). S is
 * {@value #CIPHERTEXT_SEGMENT_SIZE}, Kubo's chunk size, and segments end on multiples of it, so
 * that however an upload was split into imports, its blocks are the ones one import makes. A range
 * costs the segments it touches, and sizes follow from each other without reading.
 */
final class SegmentedFormat {
    static final int CIPHERTEXT_SEGMENT_SIZE = 256 * 1024;
    static final int WRAPPED_KEY_LENGTH = 16 + 32;
    static final int TAG_LENGTH = 16;
    static final int OVERHEAD = WRAPPED_KEY_LENGTH + TAG_LENGTH;
    static final int PLAINTEXT_SEGMENT_SIZE = CIPHERTEXT_SEGMENT_SIZE - OVERHEAD;
    /** Segment 0 shares its space with the prefix. */
    static final int FIRST_PLAINTEXT_SEGMENT_SIZE = PLAINTEXT_SEGMENT_SIZE - BlobFormat.PREFIX_LENGTH;

    private SegmentedFormat() {
    }

    /** The size of the ciphertext of a plaintext of this size. */
    static long ciphertextSize(long plaintextSize) {
        if (plaintextSize < 0) {
            throw new IllegalArgumentException("a negative size: " + plaintextSize);
        }
        return BlobFormat.PREFIX_LENGTH + plaintextSize + segmentCountOfPlaintext(plaintextSize) * OVERHEAD;
    }

    /** The size of the plaintext of a ciphertext of this size; impossible sizes are refused. */
    static long plaintextSize(long ciphertextSize) {
        long segments = segmentCount(ciphertextSize);
        long last = ciphertextSize - segmentStart(segments - 1);
        // only the single segment of an empty blob holds no plaintext
        if (segments < 1 || last < OVERHEAD || last == OVERHEAD && segments > 1) {
            throw new IllegalArgumentException("no encrypted blob has " + ciphertextSize + " bytes");
        }
        return ciphertextSize - BlobFormat.PREFIX_LENGTH - segments * OVERHEAD;
    }

    /** How many segments a ciphertext of this size has (at least one for any valid size). */
    static long segmentCount(long ciphertextSize) {
        return ciphertextSize <= BlobFormat.PREFIX_LENGTH ? 0 : (ciphertextSize + CIPHERTEXT_SEGMENT_SIZE - 1) / CIPHERTEXT_SEGMENT_SIZE;
    }

    static long segmentCountOfPlaintext(long plaintextSize) {
        return Math.max(1, (plaintextSize + BlobFormat.PREFIX_LENGTH + PLAINTEXT_SEGMENT_SIZE - 1) / PLAINTEXT_SEGMENT_SIZE);
    }

    /** The segment holding the plaintext byte at this position. */
    static long segmentOf(long plaintextPosition) {
        return (plaintextPosition + BlobFormat.PREFIX_LENGTH) / PLAINTEXT_SEGMENT_SIZE;
    }

    /** Where the plaintext of a segment starts. */
    static long plaintextStart(long segment) {
        return segment == 0 ? 0 : segment * PLAINTEXT_SEGMENT_SIZE - BlobFormat.PREFIX_LENGTH;
    }

    /** The plaintext bytes a segment holds when it is full. */
    static int plaintextCapacity(long segment) {
        return segment == 0 ? FIRST_PLAINTEXT_SEGMENT_SIZE : PLAINTEXT_SEGMENT_SIZE;
    }

    /** Where the ciphertext of a segment starts. */
    static long segmentStart(long segment) {
        return segment == 0 ? BlobFormat.PREFIX_LENGTH : segment * CIPHERTEXT_SEGMENT_SIZE;
    }

    /** Where the ciphertext of a segment ends (exclusive), in a ciphertext of this size. */
    static long segmentEnd(long segment, long ciphertextSize) {
        return Math.min((segment + 1) * CIPHERTEXT_SEGMENT_SIZE, ciphertextSize);
    }
}
