package dev.berth.registry.encryption;

import com.google.crypto.tink.subtle.Hkdf;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes Tink's AES-GCM-HKDF streaming format (see {@link BlobFormat}) with a salt and nonce prefix
 * derived from the blob instead of drawn at random, so that the same blob under the same keyset
 * key always becomes the same bytes. Tink reads what this writes with its own, unchanged decrypter;
 * only the writer is Berth's, because Tink draws the header inside classes it does not open for
 * extension ({@code NonceBasedStreamingAead} and its encrypting streams are package-private).
 *
 * <p>Why a fixed salt and nonce prefix are safe here: the blob key, the salt and the nonce prefix
 * all come from one PRF output over the keyset key and the blob's digest, so a blob key is only
 * ever used for the one plaintext with that digest (finding two plaintexts with one SHA-256 or
 * SHA-512 digest is infeasible). Within a blob every segment has its own nonce (its number and a
 * last-segment flag). Encrypting again under the same key repeats the same key, nonce and plaintext,
 * and so the same ciphertext: AES-GCM's nonce-reuse failures (the XOR of two plaintexts, the
 * authentication key) need two different plaintexts under one key and nonce, which never happens
 * as long as only plaintext that has the digest is encrypted. {@link BlobEncryptingStream} checks
 * that on finish, and callers must encrypt verified content only: an attacker who could make a
 * node encrypt other bytes under a digest could break that blob's encryption.
 *
 * <p>Without the keyset, equal ciphertexts reveal only that blobs are equal; nobody without the key
 * can confirm a guess of the plaintext, as they could with keys derived from the content alone.
 */
final class ConvergentEncryptingStream extends OutputStream {
    private static final int NONCE_LENGTH = 12;
    private static final int TAG_BITS = BlobFormat.TAG_LENGTH * 8;
    /** Tink numbers segments with a 4 byte unsigned counter. */
    private static final long MAX_SEGMENTS = 1L << 32;

    private final OutputStream sink;
    private final Cipher cipher;
    private final SecretKeySpec segmentKey;
    private final byte[] noncePrefix;
    private final byte[] plaintext = new byte[BlobFormat.PLAINTEXT_SEGMENT_SIZE];
    private final byte[] ciphertext = new byte[BlobFormat.CIPHERTEXT_SEGMENT_SIZE];
    private int buffered;
    private int segmentCapacity = BlobFormat.PLAINTEXT_SEGMENT_SIZE - BlobFormat.HEADER_LENGTH;
    private long segmentNumber;
    private boolean finished;

    /**
     * Writes Tink's header at once; Berth's prefix must already be in the sink.
     *
     * @param derived the {@link Keyset.Derivation#CONVERGENT_BLOB} bytes: blob key, salt, nonce prefix
     */
    ConvergentEncryptingStream(OutputStream sink, byte[] derived, byte[] associatedData) throws IOException {
        this.sink = sink;
        byte[] blobKey = slice(derived, 0, BlobFormat.KEY_LENGTH);
        byte[] salt = slice(derived, BlobFormat.KEY_LENGTH, BlobFormat.KEY_LENGTH);
        this.noncePrefix = slice(derived, 2 * BlobFormat.KEY_LENGTH, BlobFormat.NONCE_PREFIX_LENGTH);
        try {
            this.segmentKey = new SecretKeySpec(
                    Hkdf.computeHkdf(BlobFormat.HKDF_ALGORITHM, blobKey, salt, associatedData, BlobFormat.KEY_LENGTH), "AES");
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM or HKDF is not available in this JVM", e);
        }
        sink.write(BlobFormat.HEADER_LENGTH - BlobFormat.PREFIX_LENGTH);
        sink.write(salt);
        sink.write(noncePrefix);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    /**
     * Buffers up to a segment. A full segment is encrypted only once more bytes arrive, because
     * whether it is the last one is part of its nonce (as in Tink's own writer).
     */
    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (finished) {
            throw new IOException("the encrypted blob is already finished");
        }
        while (length > 0) {
            if (buffered == segmentCapacity) {
                encryptSegment(false);
                segmentCapacity = BlobFormat.PLAINTEXT_SEGMENT_SIZE;
            }
            int taken = Math.min(length, segmentCapacity - buffered);
            System.arraycopy(bytes, offset, plaintext, buffered, taken);
            buffered += taken;
            offset += taken;
            length -= taken;
        }
    }

    /** Encrypts what is buffered as the last segment; the sink stays open. */
    @Override
    public void close() throws IOException {
        if (!finished) {
            encryptSegment(true);
            finished = true;
        }
    }

    private void encryptSegment(boolean last) throws IOException {
        if (segmentNumber >= MAX_SEGMENTS) {
            throw new IOException("a blob of more than 2^32 segments cannot be encrypted");
        }
        byte[] nonce = ByteBuffer.allocate(NONCE_LENGTH).put(noncePrefix).putInt((int) segmentNumber)
                .put((byte) (last ? 1 : 0)).array();
        int written;
        try {
            cipher.init(Cipher.ENCRYPT_MODE, segmentKey, new GCMParameterSpec(TAG_BITS, nonce));
            // The ByteBuffer form, as Tink's writer uses: the JDK's byte[] form of GCM runs many times slower.
            written = cipher.doFinal(ByteBuffer.wrap(plaintext, 0, buffered), ByteBuffer.wrap(ciphertext));
        } catch (GeneralSecurityException e) {
            throw new IOException("AES-GCM failed on segment " + segmentNumber, e);
        }
        sink.write(ciphertext, 0, written);
        segmentNumber++;
        buffered = 0;
    }

    private static byte[] slice(byte[] bytes, int from, int length) {
        byte[] slice = new byte[length];
        System.arraycopy(bytes, from, slice, 0, length);
        return slice;
    }
}
