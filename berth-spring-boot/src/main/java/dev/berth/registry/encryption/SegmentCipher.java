package dev.berth.registry.encryption;

import com.google.crypto.tink.DeterministicAead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.daead.AesSivKey;
import com.google.crypto.tink.daead.AesSivParameters;
import com.google.crypto.tink.subtle.AesSiv;
import com.google.crypto.tink.util.SecretBytes;
import dev.berth.registry.encryption.Keyset.Derivation;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts and decrypts the segments of a {@link SegmentedFormat} blob under one keyset key. Not
 * thread-safe: one per stream.
 *
 * <p>Segment i of a blob is encrypted with AES-256-GCM under its own key
 * {@code K = HMAC-SHA256(segment secret, context | plaintext)}, where the context is the blob's
 * prefix (format, mode, key id), i and whether the segment is the last. The key is stored before
 * the segment, wrapped with Tink's deterministic AEAD (AES-SIV) under the keyset key, the context
 * as associated data; the GCM nonce is all zeros and the context is GCM's associated data too.
 *
 * <p>Why this is safe: a segment key is a PRF of everything that is encrypted under it, so each key
 * encrypts exactly one (context, plaintext) pair, and a fixed nonce is never reused for another
 * message; the same segment at the same place encrypts to the same bytes on every node with the
 * keyset (which is the point), and to different bytes at another place. Without the keyset nobody
 * can compute a key, confirm a guessed plaintext or unwrap one. Unwrapping checks the context, so a
 * segment moved to another place, a dropped last segment, or a prefix altered fails. What it shows
 * to a peer without the key: which 256 KiB segments two blobs have in common at the same place.
 * Unlike Tink's streaming format it binds a segment to its blob only through its place: a whole
 * blob is checked against its digest as it is read ({@link SegmentedDecryptingStream}).
 */
final class SegmentCipher {
    private static final int NONCE_LENGTH = 12;
    private static final int KEY_LENGTH = 32;

    private final byte[] prefix;
    private final Mac keyMaker;
    private final DeterministicAead wrap;
    private final Cipher gcm;
    private final byte[] context;

    /** What a keyset key gives every segment cipher under it, made once per key: the segment secret and the key wrap. */
    record Secrets(SecretKeySpec segmentSecret, DeterministicAead wrap) {
        static Secrets of(Keyset keyset, int keyId) throws DecryptionException {
            byte[] wrapKey = keyset.derive(keyId, Derivation.SEGMENT_KEY_WRAP);
            try {
                return new Secrets(new SecretKeySpec(keyset.derive(keyId, Derivation.SEGMENT_KEY), "HmacSHA256"),
                        AesSiv.create(AesSivKey.builder()
                                .setParameters(AesSivParameters.builder().setKeySizeBytes(wrapKey.length)
                                        .setVariant(AesSivParameters.Variant.NO_PREFIX).build())
                                .setKeyBytes(SecretBytes.copyFrom(wrapKey, InsecureSecretKeyAccess.get())).build()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-SIV is not available in this JVM", e);
            }
        }
    }

    SegmentCipher(Secrets secrets, BlobHeader header) {
        this.prefix = header.toBytes();
        this.context = new byte[prefix.length + Long.BYTES + 1];
        System.arraycopy(prefix, 0, context, 0, prefix.length);
        this.wrap = secrets.wrap();
        try {
            this.keyMaker = Mac.getInstance("HmacSHA256");
            keyMaker.init(secrets.segmentSecret());
            this.gcm = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 or AES-GCM is not available in this JVM", e);
        }
    }

    /**
     * Encrypts {@code plaintext[0, length)} as segment {@code index} into {@code out}, which must
     * hold {@code length + }{@value SegmentedFormat#OVERHEAD} bytes; returns the bytes written.
     */
    int encrypt(long index, boolean last, byte[] plaintext, int length, byte[] out) {
        byte[] context = context(index, last);
        keyMaker.update(context);
        keyMaker.update(plaintext, 0, length);
        byte[] key = keyMaker.doFinal();
        try {
            byte[] wrapped = wrap.encryptDeterministically(key, context);
            System.arraycopy(wrapped, 0, out, 0, SegmentedFormat.WRAPPED_KEY_LENGTH);
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, new byte[NONCE_LENGTH]));
            gcm.updateAAD(context);
            // The ByteBuffer form: the JDK's byte[] form of GCM runs many times slower.
            int sealed = gcm.doFinal(ByteBuffer.wrap(plaintext, 0, length),
                    ByteBuffer.wrap(out, SegmentedFormat.WRAPPED_KEY_LENGTH, out.length - SegmentedFormat.WRAPPED_KEY_LENGTH));
            return SegmentedFormat.WRAPPED_KEY_LENGTH + sealed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-SIV or AES-GCM failed on segment " + index, e);
        }
    }

    /**
     * Decrypts segment {@code index} from {@code ciphertext[0, length)} into {@code out}; returns the
     * plaintext bytes. A segment that does not authenticate at this place is a {@link DecryptionException}.
     */
    int decrypt(long index, boolean last, byte[] ciphertext, int length, byte[] out) throws DecryptionException {
        if (length < SegmentedFormat.OVERHEAD) {
            throw new DecryptionException("segment " + index + " is cut short (" + length + " bytes)");
        }
        byte[] context = context(index, last);
        try {
            byte[] key = wrap.decryptDeterministically(
                    java.util.Arrays.copyOf(ciphertext, SegmentedFormat.WRAPPED_KEY_LENGTH), context);
            if (key.length != KEY_LENGTH) {
                throw new GeneralSecurityException("a wrapped key of " + key.length + " bytes");
            }
            gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, new byte[NONCE_LENGTH]));
            gcm.updateAAD(context);
            return gcm.doFinal(ByteBuffer.wrap(ciphertext, SegmentedFormat.WRAPPED_KEY_LENGTH, length - SegmentedFormat.WRAPPED_KEY_LENGTH),
                    ByteBuffer.wrap(out));
        } catch (GeneralSecurityException e) {
            throw new DecryptionException("segment " + index + (last ? " (the last)" : "") + " does not authenticate: "
                    + e.getMessage(), e);
        }
    }

    private byte[] context(long index, boolean last) {
        ByteBuffer.wrap(context, prefix.length, Long.BYTES + 1).putLong(index).put((byte) (last ? 1 : 0));
        return context;
    }
}
