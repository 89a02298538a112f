package dev.berth.registry.encryption;

import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import java.security.InvalidAlgorithmParameterException;

/**
 * The layout of an encrypted blob: Tink's AES-GCM-HKDF streaming format with Berth's
 * {@link BlobHeader} in the space the format reserves before its own header (its "first segment
 * offset").
 *
 * <pre>
 * offset 0   Brth | version 1 | mode | key id          10 bytes, Berth's prefix ({@link BlobHeader})
 * offset 10  40 | salt (32) | nonce prefix (7)        40 bytes, Tink's header
 * offset 50  segment 0: AES-256-GCM of the first (S - 16 - 50) plaintext bytes, 16 byte tag
 * S * i      segment i: AES-256-GCM of the next (S - 16) bytes; the last one may be shorter
 * </pre>
 *
 * Segment i is encrypted under HKDF-SHA256(blob key, salt, associated data) with the nonce
 * {@code nonce prefix | i (4 bytes) | 1 if last else 0}, so segments cannot be reordered, dropped
 * or cut short without failing, and any one decrypts alone: a range costs the segments it touches.
 * S is {@value #CIPHERTEXT_SEGMENT_SIZE} bytes; sizes follow from each other without reading.
 */
public final class BlobFormat {
    /** Berth's prefix. */
    public static final int PREFIX_LENGTH = 10;
    /** Everything before the first segment: Berth's prefix and Tink's header. */
    public static final int HEADER_LENGTH = PREFIX_LENGTH + 1 + 32 + 7;
    /** 256 KiB: a stream holds two segments in memory, and a range reads at most one more on each side. */
    public static final int CIPHERTEXT_SEGMENT_SIZE = 256 * 1024;
    static final int TAG_LENGTH = 16;
    static final int PLAINTEXT_SEGMENT_SIZE = CIPHERTEXT_SEGMENT_SIZE - TAG_LENGTH;
    static final int KEY_LENGTH = 32;
    static final int NONCE_PREFIX_LENGTH = 7;
    static final String HKDF_ALGORITHM = "HmacSha256";

    private BlobFormat() {
    }

    /** The size of the ciphertext of a plaintext of this size. */
    public static long ciphertextSize(long plaintextSize) {
        if (plaintextSize < 0) {
            throw new IllegalArgumentException("a negative size: " + plaintextSize);
        }
        long fullSegments = (plaintextSize + HEADER_LENGTH) / PLAINTEXT_SEGMENT_SIZE;
        long rest = (plaintextSize + HEADER_LENGTH) % PLAINTEXT_SEGMENT_SIZE;
        return fullSegments * CIPHERTEXT_SEGMENT_SIZE + (rest > 0 ? rest + TAG_LENGTH : 0);
    }

    /** The size of the plaintext of a ciphertext of this size; impossible sizes are refused. */
    public static long plaintextSize(long ciphertextSize) {
        long segments = segmentCount(ciphertextSize);
        long rest = ciphertextSize % CIPHERTEXT_SEGMENT_SIZE;
        long plaintext = ciphertextSize - segments * TAG_LENGTH - HEADER_LENGTH;
        // Tink numbers segments with an int; a last segment of a longer blob holds at least one byte.
        if (plaintext < 0 || segments > Integer.MAX_VALUE || rest > 0 && rest <= TAG_LENGTH && segments > 1) {
            throw new IllegalArgumentException("no encrypted blob has " + ciphertextSize + " bytes");
        }
        return plaintext;
    }

    static long segmentCount(long ciphertextSize) {
        return (ciphertextSize + CIPHERTEXT_SEGMENT_SIZE - 1) / CIPHERTEXT_SEGMENT_SIZE;
    }

    /** The segment holding the plaintext byte at this position. */
    static long segmentOf(long plaintextPosition) {
        return (plaintextPosition + HEADER_LENGTH) / PLAINTEXT_SEGMENT_SIZE;
    }

    /** Where the ciphertext of a segment starts. */
    static long segmentStart(long segment) {
        return segment == 0 ? HEADER_LENGTH : segment * CIPHERTEXT_SEGMENT_SIZE;
    }

    /** Where the ciphertext of a segment ends (exclusive), in a ciphertext of this size. */
    static long segmentEnd(long segment, long ciphertextSize) {
        return Math.min((segment + 1) * CIPHERTEXT_SEGMENT_SIZE, ciphertextSize);
    }

    /** Tink's streaming AEAD for one blob key, in this layout; it decrypts, and encrypts random-key blobs. */
    static AesGcmHkdfStreaming streamingAead(byte[] blobKey) {
        try {
            return new AesGcmHkdfStreaming(blobKey, HKDF_ALGORITHM, KEY_LENGTH, CIPHERTEXT_SEGMENT_SIZE, PREFIX_LENGTH);
        } catch (InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("Tink refused Berth's streaming parameters", e);
        }
    }
}
