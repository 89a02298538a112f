package dev.berth.registry.encryption;

import com.google.crypto.tink.StreamingAead;
import dev.berth.registry.encryption.Keyset.Derivation;
import dev.berth.registry.naming.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Encrypts and decrypts blobs of private repositories in the {@link BlobFormat}, streaming.
 *
 * <p>Every blob is bound to its digest: the associated data of its segments holds the digest and
 * Berth's prefix (mode and key id), so a blob served under another digest, or a prefix altered,
 * fails authentication. {@link EncryptionMode#CONVERGENT} blobs also take their key from the digest
 * ({@link ConvergentEncryptingStream} says why that is safe); {@link EncryptionMode#RANDOM} blobs
 * use Tink's own writer, whose random salt gives each blob a fresh key under the keyset's key.
 *
 * <p>New content is made under the keyset's primary key; content under any key the keyset holds
 * decrypts, and {@link #reencrypt} moves it to the primary.
 */
public final class BlobCipher {
    private static final String ASSOCIATED_DATA_LABEL = "berth/v1/blob";
    private static final String BOUND_TO_DIGEST = "digest";
    private static final String BOUND_TO_STAGING_LABEL = "staged";

    private final Keyset keyset;

    public BlobCipher(Keyset keyset) {
        this.keyset = Objects.requireNonNull(keyset, "keyset");
    }

    public Keyset keyset() {
        return keyset;
    }

    /**
     * Starts the ciphertext of the blob with this digest in the sink: the header at once, then a
     * segment per {@value BlobFormat#CIPHERTEXT_SEGMENT_SIZE} bytes written. Only content already
     * verified to have the digest may be written (the stream checks it again on finish).
     */
    public BlobEncryptingStream encrypt(OutputStream ciphertext, Digest digest, EncryptionMode mode) throws IOException {
        return start(ciphertext, new BlobHeader(mode, keyset.primaryKeyId()), BOUND_TO_DIGEST, digest.toString(), digest);
    }

    /**
     * Encrypts content whose digest is not known yet, such as a part of an upload, under a random
     * key bound to the label (an upload id and part number): a place to keep it until it is
     * verified and encrypted as the blob.
     */
    public BlobEncryptingStream encryptStaged(OutputStream ciphertext, String label) throws IOException {
        return start(ciphertext, new BlobHeader(EncryptionMode.RANDOM, keyset.primaryKeyId()), BOUND_TO_STAGING_LABEL, label, null);
    }

    /** The whole plaintext of the blob, read from the start of its ciphertext. */
    public InputStream decrypt(InputStream ciphertext, Digest digest) throws IOException {
        return openSequential(ciphertext, BOUND_TO_DIGEST, digest.toString()).plaintext();
    }

    /** The whole plaintext of staged content encrypted under this label. */
    public InputStream decryptStaged(InputStream ciphertext, String label) throws IOException {
        return openSequential(ciphertext, BOUND_TO_STAGING_LABEL, label).plaintext();
    }

    /**
     * The plaintext bytes {@code first .. first + length - 1} of the blob, reading from the source
     * only the header and the segments that hold them. Each segment is authenticated before any of
     * its bytes are delivered.
     *
     * @param ciphertextSize the stored size, from which the plaintext size follows
     */
    public InputStream decryptRange(CiphertextSource source, long ciphertextSize, Digest digest, long first, long length)
            throws IOException {
        long plaintextSize = BlobFormat.plaintextSize(ciphertextSize);
        if (first < 0 || length < 0 || first > plaintextSize - length) {
            throw new IllegalArgumentException("the range " + first + "+" + length + " is outside the " + plaintextSize
                    + " bytes of " + digest);
        }
        if (length == 0) {
            return InputStream.nullInputStream();
        }
        RangeReadChannel channel = new RangeReadChannel(source, ciphertextSize,
                BlobFormat.segmentStart(BlobFormat.segmentOf(first)),
                BlobFormat.segmentEnd(BlobFormat.segmentOf(first + length - 1), ciphertextSize));
        try {
            BlobHeader header;
            try {
                header = BlobHeader.parse(channel.header());
            } catch (SourceReadException e) {
                throw e.original();
            }
            SeekableByteChannel plaintext = streamingAead(header, digest.toString())
                    .newSeekableDecryptingChannel(channel, associatedData(header, BOUND_TO_DIGEST, digest.toString()));
            plaintext.position(first);
            return new DecryptingInputStream(Channels.newInputStream(plaintext), length, describe(digest.toString(), header));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        } catch (GeneralSecurityException e) {
            channel.close();
            throw new DecryptionException("cannot decrypt " + digest + ": " + e.getMessage(), e);
        }
    }

    /** The header of a stored blob, from its first {@value BlobFormat#PREFIX_LENGTH} bytes. */
    public static BlobHeader header(CiphertextSource source) throws IOException {
        try (InputStream in = source.open(0, BlobFormat.PREFIX_LENGTH)) {
            return BlobHeader.parse(in.readNBytes(BlobFormat.PREFIX_LENGTH));
        }
    }

    /** Whether content with this header was made under a key other than the primary. */
    public boolean needsReencryption(BlobHeader header) {
        return header.keyId() != keyset.primaryKeyId();
    }

    /** {@link #reencrypt(InputStream, Digest, EncryptionMode, OutputStream)} in the mode the blob had. */
    public BlobHeader reencrypt(InputStream ciphertext, Digest digest, OutputStream target) throws IOException {
        return reencrypt(ciphertext, digest, null, target);
    }

    /**
     * Decrypts a blob under whichever key made it and encrypts it again under the primary key, in
     * the given mode (null: the one it had), streaming into the target, which stays open. Returns
     * the new header. The plaintext is authenticated as it goes and checked against the digest.
     */
    public BlobHeader reencrypt(InputStream ciphertext, Digest digest, EncryptionMode mode, OutputStream target)
            throws IOException {
        Opened opened = openSequential(ciphertext, BOUND_TO_DIGEST, digest.toString());
        try (InputStream plaintext = opened.plaintext()) {
            BlobEncryptingStream encrypted = encrypt(target, digest, mode == null ? opened.header().mode() : mode);
            plaintext.transferTo(encrypted);
            encrypted.finish();
            return encrypted.header();
        }
    }

    private BlobEncryptingStream start(OutputStream sink, BlobHeader header, String boundTo, String binding, Digest digest)
            throws IOException {
        byte[] associatedData = associatedData(header, boundTo, binding);
        sink.write(header.toBytes());
        OutputStream view = BlobEncryptingStream.unclosable(sink);
        OutputStream encrypting = switch (header.mode()) {
            case CONVERGENT -> new ConvergentEncryptingStream(view, keyset.derivePrimary(Derivation.CONVERGENT_BLOB, binding),
                    associatedData);
            case RANDOM -> {
                try {
                    yield BlobFormat.streamingAead(keyset.derivePrimary(Derivation.RANDOM_BLOB)).newEncryptingStream(view, associatedData);
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("Tink could not start a streaming encryption", e);
                }
            }
        };
        return new BlobEncryptingStream(sink, encrypting, header, digest);
    }

    private Opened openSequential(InputStream ciphertext, String boundTo, String binding) throws IOException {
        InputStream source = SourceReadException.marking(ciphertext);
        BlobHeader header;
        try {
            header = BlobHeader.parse(source.readNBytes(BlobFormat.PREFIX_LENGTH));
        } catch (SourceReadException e) {
            throw e.original();
        }
        StreamingAead aead = boundTo.equals(BOUND_TO_DIGEST)
                ? streamingAead(header, binding)
                : BlobFormat.streamingAead(keyset.derive(header.keyId(), Derivation.RANDOM_BLOB));
        try {
            InputStream plaintext = aead.newDecryptingStream(source, associatedData(header, boundTo, binding));
            return new Opened(header, new DecryptingInputStream(plaintext, -1, describe(binding, header)));
        } catch (GeneralSecurityException e) {
            throw new DecryptionException("cannot decrypt " + binding + ": " + e.getMessage(), e);
        }
    }

    private StreamingAead streamingAead(BlobHeader header, String digest) throws DecryptionException {
        return switch (header.mode()) {
            case CONVERGENT -> {
                byte[] derived = keyset.derive(header.keyId(), Derivation.CONVERGENT_BLOB, digest);
                yield BlobFormat.streamingAead(Arrays.copyOf(derived, BlobFormat.KEY_LENGTH));
            }
            case RANDOM -> BlobFormat.streamingAead(keyset.derive(header.keyId(), Derivation.RANDOM_BLOB));
        };
    }

    private static byte[] associatedData(BlobHeader header, String boundTo, String binding) {
        return Encoding.join(ASSOCIATED_DATA_LABEL, header.toBytes(), boundTo, binding);
    }

    private static String describe(String binding, BlobHeader header) {
        return "the blob " + binding + " (" + header.mode().name().toLowerCase(Locale.ROOT) + ", key "
                + Keyset.display(header.keyId()) + ")";
    }

    private record Opened(BlobHeader header, InputStream plaintext) {
    }
}
