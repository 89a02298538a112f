package dev.berth.registry.encryption;

import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.DigestAlgorithm;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Plaintexts, their ciphertexts, and a ciphertext source that counts what is read from it. */
final class Blobs {
    /** Bytes of plaintext in segment 0 of a random-key blob; later segments hold {@link BlobFormat#PLAINTEXT_SEGMENT_SIZE}. */
    static final int FIRST_SEGMENT = BlobFormat.PLAINTEXT_SEGMENT_SIZE - BlobFormat.HEADER_LENGTH;
    static final int SEGMENT = BlobFormat.PLAINTEXT_SEGMENT_SIZE;

    /** Bytes of plaintext in segment 0 of a blob of this mode. */
    static int firstSegment(EncryptionMode mode) {
        return mode == EncryptionMode.CONVERGENT ? SegmentedFormat.FIRST_PLAINTEXT_SEGMENT_SIZE : FIRST_SEGMENT;
    }

    /** Bytes of plaintext in later segments of a blob of this mode. */
    static int segment(EncryptionMode mode) {
        return mode == EncryptionMode.CONVERGENT ? SegmentedFormat.PLAINTEXT_SEGMENT_SIZE : SEGMENT;
    }

    /** Bytes before the first segment. */
    static int headerLength(EncryptionMode mode) {
        return mode == EncryptionMode.CONVERGENT ? BlobFormat.PREFIX_LENGTH : BlobFormat.HEADER_LENGTH;
    }

    static long segmentCount(EncryptionMode mode, long ciphertextSize) {
        return mode == EncryptionMode.CONVERGENT ? SegmentedFormat.segmentCount(ciphertextSize) : BlobFormat.segmentCount(ciphertextSize);
    }

    private Blobs() {
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static Digest digest(byte[] plaintext) {
        return Digest.of(DigestAlgorithm.SHA256, plaintext);
    }

    static byte[] encrypt(BlobCipher cipher, byte[] plaintext, EncryptionMode mode) throws IOException {
        ByteArrayOutputStream ciphertext = new ByteArrayOutputStream();
        try (BlobEncryptingStream out = cipher.encrypt(ciphertext, digest(plaintext), mode)) {
            out.write(plaintext);
        }
        return ciphertext.toByteArray();
    }

    static byte[] decrypt(BlobCipher cipher, byte[] ciphertext, Digest digest) throws IOException {
        try (InputStream in = cipher.decrypt(new ByteArrayInputStream(ciphertext), digest)) {
            return in.readAllBytes();
        }
    }

    static byte[] range(BlobCipher cipher, CountingSource source, Digest digest, long first, long length) throws IOException {
        try (InputStream in = cipher.decryptRange(source, source.size(), source.mode(), digest, first, length)) {
            return in.readAllBytes();
        }
    }

    /** Range reads of a ciphertext in memory, counting the reads and the bytes delivered. */
    static final class CountingSource implements CiphertextSource {
        private final byte[] ciphertext;
        final List<long[]> opened = new ArrayList<>();
        long bytesRead;

        CountingSource(byte[] ciphertext) {
            this.ciphertext = ciphertext;
        }

        long size() {
            return ciphertext.length;
        }

        /** The mode its header names, read without counting. */
        EncryptionMode mode() {
            try {
                return BlobHeader.parse(ciphertext).mode();
            } catch (DecryptionException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public InputStream open(long offset, long length) {
            opened.add(new long[] {offset, length});
            return new InputStream() {
                private int position = (int) offset;
                private final int end = (int) Math.min(ciphertext.length, offset + length);

                @Override
                public int read() {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] bytes, int off, int len) {
                    if (position >= end) {
                        return -1;
                    }
                    // Short reads, as sockets give them.
                    int n = Math.min(Math.min(len, end - position), 64 * 1024 + 7);
                    System.arraycopy(ciphertext, position, bytes, off, n);
                    position += n;
                    bytesRead += n;
                    return n;
                }
            };
        }
    }
}
