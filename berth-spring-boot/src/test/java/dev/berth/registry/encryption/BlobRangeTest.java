package dev.berth.registry.encryption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.registry.encryption.Blobs.CountingSource;
import dev.berth.registry.naming.Digest;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BlobRangeTest {
    private static final int CIPHERTEXT_SEGMENT = BlobFormat.CIPHERTEXT_SEGMENT_SIZE;
    private static BlobCipher cipher;
    /** 64 MiB and some: the last segment partly filled. */
    private static byte[] plaintext;
    private static Digest digest;
    private static byte[] convergent;
    private static byte[] random;

    @BeforeAll
    static void encryptOnce() throws Exception {
        cipher = new BlobCipher(Keysets.fresh());
        plaintext = Blobs.random((64 << 20) + 4321, 20);
        digest = Blobs.digest(plaintext);
        convergent = Blobs.encrypt(cipher, plaintext, EncryptionMode.CONVERGENT);
        random = Blobs.encrypt(cipher, plaintext, EncryptionMode.RANDOM);
    }

    private static byte[] ciphertext(EncryptionMode mode) {
        return mode == EncryptionMode.CONVERGENT ? convergent : random;
    }

    @ParameterizedTest
    @EnumSource(EncryptionMode.class)
    void rangesAnywhereDecryptToTheirBytes(EncryptionMode mode) throws Exception {
        int firstSegment = Blobs.firstSegment(mode);
        int segment = Blobs.segment(mode);
        CountingSource source = new CountingSource(ciphertext(mode));
        long size = plaintext.length;
        List<long[]> ranges = new ArrayList<>(List.of(new long[] {0, 1}, new long[] {size - 1, 1}, new long[] {0, size},
                new long[] {firstSegment - 1, 2}, new long[] {firstSegment, segment}, new long[] {firstSegment - 5, segment + 10},
                new long[] {firstSegment + 7L * segment - 3, 3L * segment}, new long[] {size - segment - 10, segment + 10}));
        Random chosen = new Random(21);
        for (int i = 0; i < 20; i++) {
            long first = chosen.nextLong(size);
            ranges.add(new long[] {first, 1 + chosen.nextLong(Math.min(3L * segment, size - first))});
        }
        for (long[] range : ranges) {
            byte[] expected = Arrays.copyOfRange(plaintext, (int) range[0], (int) (range[0] + range[1]));
            assertArrayEquals(expected, Blobs.range(cipher, source, digest, range[0], range[1]), range[0] + "+" + range[1]);
        }
    }

    @ParameterizedTest
    @EnumSource(EncryptionMode.class)
    void aRangeReadsOnlyTheHeaderAndTheSegmentsThatHoldIt(EncryptionMode mode) throws Exception {
        int firstSegment = Blobs.firstSegment(mode);
        int segment = Blobs.segment(mode);
        long size = plaintext.length;
        record Expectation(long first, long length, int segments, int reads) {
        }
        List<Expectation> expectations = List.of(
                new Expectation(0, 1, 1, 1), // the header and segment 0 in one read
                new Expectation(size - 1, 1, 1, 2),
                new Expectation(firstSegment - 1, 2, 2, 1),
                new Expectation(firstSegment + 30L * segment + 100, 10, 1, 2),
                new Expectation(firstSegment + 30L * segment - 1, segment + 2, 3, 2),
                new Expectation(0, size, (int) Blobs.segmentCount(mode, ciphertext(mode).length), 1));
        for (Expectation expected : expectations) {
            CountingSource source = new CountingSource(ciphertext(mode));
            Blobs.range(cipher, source, digest, expected.first(), expected.length());

            long budget = Blobs.headerLength(mode) + (long) expected.segments() * CIPHERTEXT_SEGMENT;
            assertTrue(source.bytesRead <= budget, expected + ": read " + source.bytesRead + " bytes, more than " + budget);
            assertTrue(source.bytesRead > budget - CIPHERTEXT_SEGMENT, expected + ": read only " + source.bytesRead);
            assertEquals(expected.reads(), source.opened.size(), expected + ": range reads");
        }
    }

    @Test
    void everyRangeOfEverySmallBlobDecrypts() throws Exception {
        for (int size = 0; size <= 24; size++) {
            byte[] small = Blobs.random(size, size);
            Digest smallDigest = Blobs.digest(small);
            for (EncryptionMode mode : EncryptionMode.values()) {
                CountingSource source = new CountingSource(Blobs.encrypt(cipher, small, mode));
                assertEquals(size, BlobCipher.plaintextSize(mode, source.size()));
                for (int first = 0; first <= size; first++) {
                    for (int length = 0; first + length <= size; length++) {
                        assertArrayEquals(Arrays.copyOfRange(small, first, first + length),
                                Blobs.range(cipher, source, smallDigest, first, length), size + ": " + first + "+" + length);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(EncryptionMode.class)
    void anAlteredSegmentFailsWhenARangeReachesItAndOnlyThen(EncryptionMode mode) throws Exception {
        int segment = Blobs.segment(mode);
        byte[] altered = ciphertext(mode).clone();
        altered[10 * CIPHERTEXT_SEGMENT + 77] ^= 0x04;
        CountingSource source = new CountingSource(altered);
        long inSegmentTen = Blobs.firstSegment(mode) + 9L * segment + 500;

        assertArrayEquals(Arrays.copyOfRange(plaintext, 0, 1000), Blobs.range(cipher, source, digest, 0, 1000));
        DecryptionException e = assertThrows(DecryptionException.class, () -> Blobs.range(cipher, source, digest, inSegmentTen, 10));
        assertTrue(e.getMessage().contains(digest.toString()), e.getMessage());
        assertThrows(DecryptionException.class, () -> Blobs.range(cipher, source, digest, inSegmentTen - segment, 2L * segment));
    }

    @ParameterizedTest
    @EnumSource(EncryptionMode.class)
    void rangesFailUnderAWrongKeyset(EncryptionMode mode) throws Exception {
        CountingSource source = new CountingSource(ciphertext(mode));
        assertThrows(DecryptionException.class, () -> Blobs.range(new BlobCipher(Keysets.fresh()), source, digest, 5, 5));
        assertThrows(DecryptionException.class,
                () -> Blobs.range(new BlobCipher(Keysets.withKeyId(cipher.keyset().primaryKeyId())), source, digest, 5, 5));
    }

    /**
     * A random-key blob's segments are bound to its digest; a convergent blob's only to their
     * place in it (their keys come before the digest is known), so its ranges are not checked
     * against the digest, while reading it whole is.
     */
    @Test
    void aRandomKeyBlobsRangesFailUnderAnotherDigestAndAConvergentBlobReadWholeDoes() throws Exception {
        assertThrows(DecryptionException.class, () -> Blobs.range(cipher, new CountingSource(random), Blobs.digest(new byte[0]), 5, 5));
        assertArrayEquals(Arrays.copyOfRange(plaintext, 5, 10), Blobs.range(cipher, new CountingSource(convergent),
                Blobs.digest(new byte[0]), 5, 5));
        DecryptionException whole = assertThrows(DecryptionException.class,
                () -> Blobs.decrypt(cipher, convergent, Blobs.digest(new byte[0])));
        assertTrue(whole.getMessage().contains("another digest"), whole.getMessage());
    }

    @Test
    void aSourceThatFailsFailsAsItDid() {
        int segment = Blobs.segment(EncryptionMode.CONVERGENT);
        CountingSource full = new CountingSource(convergent);
        CiphertextSource shortened = (offset, length) -> new FilterInputStream(full.open(offset, length)) {
            private long delivered;

            @Override
            public int read(byte[] bytes, int off, int len) throws IOException {
                if (delivered >= 1000) {
                    throw new IOException("connection reset");
                }
                int read = super.read(bytes, off, (int) Math.min(len, 1000 - delivered));
                delivered += Math.max(read, 0);
                return read;
            }
        };
        IOException e = assertThrows(IOException.class, () -> {
            try (InputStream in = cipher.decryptRange(shortened, convergent.length, EncryptionMode.CONVERGENT, digest, 2L * segment, 10)) {
                in.readAllBytes();
            }
        });
        assertEquals("connection reset", e.getMessage());

        CiphertextSource cut = (offset, length) -> full.open(offset, Math.min(length, 200));
        assertThrows(EOFException.class, () -> {
            try (InputStream in = cipher.decryptRange(cut, convergent.length, EncryptionMode.CONVERGENT, digest, 2L * segment, 10)) {
                in.readAllBytes();
            }
        });
    }

    @Test
    void rangesOutsideTheBlobAreRefused() {
        CountingSource source = new CountingSource(convergent);
        for (long[] range : List.of(new long[] {-1, 1}, new long[] {0, plaintext.length + 1L}, new long[] {plaintext.length, 1},
                new long[] {5, -1})) {
            assertThrows(IllegalArgumentException.class,
                    () -> cipher.decryptRange(source, source.size(), EncryptionMode.CONVERGENT, digest, range[0], range[1]));
        }
        assertEquals(0, source.opened.size());
    }
}
