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
import java.util.Locale;
import java.util.Objects;

/**
 * Encrypts and decrypts blobs of private repositories, streaming: convergent blobs in the
 * {@link SegmentedFormat}, random-key blobs in Tink's streaming {@link BlobFormat}.
 *
 * <p>A convergent blob's segments take their keys from their own plaintext
 * ({@link SegmentCipher} says why that is safe), so it can be encrypted as it arrives, before its
 * digest is known ({@link #startConvergent}, {@link #continueConvergent}), and the same blob
 * becomes the same bytes on every node with the keyset however it was sent. A random-key blob uses
 * Tink's own writer, whose random salt gives each blob a fresh key, bound to its digest through the
 * associated data.
 *
 * <p>New content is made under the keyset's primary key; content under any key the keyset holds
 * decrypts, and {@link #reencrypt} moves it to the primary.
 */
public final class BlobCipher {
    private static final String ASSOCIATED_DATA_LABEL = "berth/v1/blob";
    private static final String BOUND_TO_DIGEST = "digest";
    private static final String BOUND_TO_STAGING_LABEL = "staged";

    private final Keyset keyset;
    /** Per keyset key: deriving them and making the AES-SIV primitive would otherwise cost every stream. */
    private final java.util.Map<Integer, SegmentCipher.Secrets> segmentSecrets = new java.util.concurrent.ConcurrentHashMap<>();

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

    /** The whole plaintext of the blob, read from the start of its ciphertext, checked against its digest. */
    public InputStream decrypt(InputStream ciphertext, Digest digest) throws IOException {
        return openSequential(ciphertext, BOUND_TO_DIGEST, digest.toString(), true).plaintext();
    }

    /**
     * {@link #decrypt} for a caller that hashes the plaintext itself, as it streams, and checks the
     * digest before its last bytes go anywhere: a convergent blob is then hashed once, not twice
     * (every segment is still authenticated at its place; a random-key blob is bound to its digest).
     */
    public InputStream decryptForCallerCheckingDigest(InputStream ciphertext, Digest digest) throws IOException {
        return openSequential(ciphertext, BOUND_TO_DIGEST, digest.toString(), false).plaintext();
    }

    /**
     * The whole plaintext of a convergent blob whose digest is not known, such as an upload's
     * ciphertext read back: every segment authenticates, and the caller checks the digest.
     */
    public InputStream decryptUnverified(InputStream ciphertext) throws IOException {
        BlobHeader header = BlobHeader.parse(ciphertext.readNBytes(BlobFormat.PREFIX_LENGTH));
        if (header.mode() != EncryptionMode.CONVERGENT) {
            throw new DecryptionException("not a convergent blob: " + header);
        }
        return SegmentedDecryptingStream.whole(ciphertext, segmentCipher(header), null, "an upload (key " + Keyset.display(header.keyId()) + ")");
    }

    /** The whole plaintext of staged content encrypted under this label. */
    public InputStream decryptStaged(InputStream ciphertext, String label) throws IOException {
        return openSequential(ciphertext, BOUND_TO_STAGING_LABEL, label, true).plaintext();
    }

    /**
     * The plaintext bytes {@code first .. first + length - 1} of the blob, reading from the source
     * only the header and the segments that hold them. Each segment is authenticated before any of
     * its bytes are delivered.
     *
     * @param mode the mode the blob is stored in, which decides its format; a header saying otherwise fails
     * @param ciphertextSize the stored size, from which the plaintext size follows
     */
    public InputStream decryptRange(CiphertextSource source, long ciphertextSize, EncryptionMode mode, Digest digest,
                                    long first, long length) throws IOException {
        long plaintextSize = plaintextSize(mode, ciphertextSize);
        if (first < 0 || length < 0 || first > plaintextSize - length) {
            throw new IllegalArgumentException("the range " + first + "+" + length + " is outside the " + plaintextSize
                    + " bytes of " + digest);
        }
        if (length == 0) {
            return InputStream.nullInputStream();
        }
        return mode == EncryptionMode.CONVERGENT
                ? decryptSegmentedRange(source, ciphertextSize, digest, first, length)
                : decryptStreamingRange(source, ciphertextSize, digest, first, length);
    }

    private InputStream decryptSegmentedRange(CiphertextSource source, long ciphertextSize, Digest digest, long first, long length)
            throws IOException {
        long firstSegment = SegmentedFormat.segmentOf(first);
        long spanStart = SegmentedFormat.segmentStart(firstSegment);
        long spanEnd = SegmentedFormat.segmentEnd(SegmentedFormat.segmentOf(first + length - 1), ciphertextSize);
        // From the first segment, one read serves the prefix and the span; later, the prefix costs a read of its own.
        InputStream span = source.open(firstSegment == 0 ? 0 : spanStart, firstSegment == 0 ? spanEnd : spanEnd - spanStart);
        try {
            BlobHeader header;
            if (firstSegment == 0) {
                header = BlobHeader.parse(span.readNBytes(BlobFormat.PREFIX_LENGTH));
            } else {
                try (InputStream prefix = source.open(0, BlobFormat.PREFIX_LENGTH)) {
                    header = BlobHeader.parse(prefix.readNBytes(BlobFormat.PREFIX_LENGTH));
                }
            }
            if (header.mode() != EncryptionMode.CONVERGENT) {
                throw new DecryptionException(digest + " is stored as a " + header.mode().name().toLowerCase(Locale.ROOT)
                        + " blob where a convergent one belongs");
            }
            return SegmentedDecryptingStream.range(span, segmentCipher(header), ciphertextSize, first, length,
                    describe(digest.toString(), header));
        } catch (IOException | RuntimeException e) {
            span.close();
            throw e;
        }
    }

    private InputStream decryptStreamingRange(CiphertextSource source, long ciphertextSize, Digest digest, long first, long length)
            throws IOException {
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
            if (header.mode() != EncryptionMode.RANDOM) {
                throw new DecryptionException(digest + " is stored as a " + header.mode().name().toLowerCase(Locale.ROOT)
                        + " blob where a random-key one belongs");
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
        Opened opened = openSequential(ciphertext, BOUND_TO_DIGEST, digest.toString(), true);
        try (InputStream plaintext = opened.plaintext()) {
            BlobEncryptingStream encrypted = encrypt(target, digest, mode == null ? opened.header().mode() : mode);
            plaintext.transferTo(encrypted);
            encrypted.finish();
            return encrypted.header();
        }
    }

    /**
     * Starts a convergent blob whose digest is not known yet, such as an upload, under the primary
     * key: Berth's prefix and the segments, each once the plaintext after it arrives. The caller checks the
     * digest of what it wrote before the ciphertext is kept as that blob's.
     */
    public SegmentedEncryptingStream startConvergent(OutputStream ciphertext) throws IOException {
        BlobHeader header = new BlobHeader(EncryptionMode.CONVERGENT, keyset.primaryKeyId());
        return new SegmentedEncryptingStream(ciphertext, segmentCipher(header), 0, new byte[0], header.toBytes());
    }

    /**
     * Continues a convergent blob that {@link #startConvergent} (or an earlier continuation) began
     * under the key {@code keyId} and that holds {@code ciphertextSoFar} bytes (its prefix and whole
     * segments; none when the writers before held everything back), from the plaintext
     * the last writer held back ({@link SegmentedEncryptingStream#suspend()}).
     */
    public SegmentedEncryptingStream continueConvergent(OutputStream ciphertext, int keyId, long ciphertextSoFar, byte[] held)
            throws IOException {
        BlobHeader header = new BlobHeader(EncryptionMode.CONVERGENT, keyId);
        long segment = convergentSegmentsIn(ciphertextSoFar);
        return new SegmentedEncryptingStream(ciphertext, segmentCipher(header), segment, held, segment == 0 ? header.toBytes() : null);
    }

    /**
     * The plaintext bytes in the whole segments of a convergent blob begun and not finished, from
     * the size of its ciphertext so far (the prefix and whole segments only).
     */
    public static long convergentPlaintextIn(long ciphertextSoFar) throws IOException {
        return SegmentedFormat.plaintextStart(convergentSegmentsIn(ciphertextSoFar));
    }

    private static long convergentSegmentsIn(long ciphertextSoFar) throws IOException {
        if (ciphertextSoFar < 0 || ciphertextSoFar % SegmentedFormat.CIPHERTEXT_SEGMENT_SIZE != 0) {
            throw new IOException("cannot continue a convergent blob of " + ciphertextSoFar + " bytes: not whole segments");
        }
        return ciphertextSoFar / SegmentedFormat.CIPHERTEXT_SEGMENT_SIZE;
    }

    /** The plaintext size of a stored blob of this mode, which follows from its ciphertext's size. */
    public static long plaintextSize(EncryptionMode mode, long ciphertextSize) {
        return mode == EncryptionMode.CONVERGENT ? SegmentedFormat.plaintextSize(ciphertextSize) : BlobFormat.plaintextSize(ciphertextSize);
    }

    /** The ciphertext size of a blob of this mode whose plaintext has this size. */
    public static long ciphertextSize(EncryptionMode mode, long plaintextSize) {
        return mode == EncryptionMode.CONVERGENT ? SegmentedFormat.ciphertextSize(plaintextSize) : BlobFormat.ciphertextSize(plaintextSize);
    }

    private SegmentCipher segmentCipher(BlobHeader header) throws DecryptionException {
        SegmentCipher.Secrets secrets = segmentSecrets.get(header.keyId());
        if (secrets == null) {
            secrets = SegmentCipher.Secrets.of(keyset, header.keyId());
            segmentSecrets.putIfAbsent(header.keyId(), secrets);
        }
        return new SegmentCipher(secrets, header);
    }

    private BlobEncryptingStream start(OutputStream sink, BlobHeader header, String boundTo, String binding, Digest digest)
            throws IOException {
        byte[] associatedData = associatedData(header, boundTo, binding);
        sink.write(header.toBytes());
        OutputStream view = BlobEncryptingStream.unclosable(sink);
        OutputStream encrypting = switch (header.mode()) {
            case CONVERGENT -> new SegmentedEncryptingStream(view, segmentCipher(header), 0, new byte[0], null);
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

    private Opened openSequential(InputStream ciphertext, String boundTo, String binding, boolean checkDigest) throws IOException {
        InputStream source = SourceReadException.marking(ciphertext);
        BlobHeader header;
        try {
            header = BlobHeader.parse(source.readNBytes(BlobFormat.PREFIX_LENGTH));
        } catch (SourceReadException e) {
            throw e.original();
        }
        if (header.mode() == EncryptionMode.CONVERGENT && boundTo.equals(BOUND_TO_DIGEST)) {
            return new Opened(header, SegmentedDecryptingStream.whole(ciphertext, segmentCipher(header),
                    checkDigest ? Digest.parse(binding) : null, describe(binding, header)));
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
        if (header.mode() != EncryptionMode.RANDOM) {
            throw new DecryptionException("a " + header.mode().name().toLowerCase(Locale.ROOT) + " blob is not in Tink's streaming format");
        }
        return BlobFormat.streamingAead(keyset.derive(header.keyId(), Derivation.RANDOM_BLOB));
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
