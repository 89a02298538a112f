package dev.berth.registry.encryption;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * What the first {@value BlobFormat#PREFIX_LENGTH} bytes of a blob ciphertext say: the format
 * version, how the blob was keyed and which keyset key made it. Readable without any key, so that
 * content under old keys can be found for re-encryption. The mode decides the format: convergent
 * blobs are {@link SegmentedFormat} (version 2), random-key blobs Tink's streaming
 * {@link BlobFormat} (version 1).
 */
public record BlobHeader(EncryptionMode mode, int keyId) {
    private static final byte[] MAGIC = {'B', 'r', 't', 'h'};
    private static final byte STREAMING = 1;
    private static final byte SEGMENTED = 2;

    public BlobHeader {
        Objects.requireNonNull(mode, "mode");
    }

    /** Reads the prefix of a ciphertext; anything else is a {@link DecryptionException}. */
    public static BlobHeader parse(byte[] ciphertextStart) throws DecryptionException {
        if (ciphertextStart.length < BlobFormat.PREFIX_LENGTH
                || !Arrays.equals(ciphertextStart, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new DecryptionException("not an encrypted blob of Berth's (no Brth header)");
        }
        ByteBuffer bytes = ByteBuffer.wrap(ciphertextStart, MAGIC.length, BlobFormat.PREFIX_LENGTH - MAGIC.length);
        byte version = bytes.get();
        EncryptionMode mode = EncryptionMode.ofCode(bytes.get());
        if (version != versionOf(mode)) {
            throw new DecryptionException("an encrypted " + mode.name().toLowerCase(java.util.Locale.ROOT)
                    + " blob of format version " + version + ", which this Berth does not read");
        }
        return new BlobHeader(mode, bytes.getInt());
    }

    /** The prefix as written before the segments; it is authenticated as associated data. */
    byte[] toBytes() {
        return ByteBuffer.allocate(BlobFormat.PREFIX_LENGTH).put(MAGIC).put(versionOf(mode)).put(mode.code()).putInt(keyId).array();
    }

    private static byte versionOf(EncryptionMode mode) {
        return mode == EncryptionMode.CONVERGENT ? SEGMENTED : STREAMING;
    }

    @Override
    public String toString() {
        return "BlobHeader[" + mode + ", key " + Keyset.display(keyId) + "]";
    }
}
