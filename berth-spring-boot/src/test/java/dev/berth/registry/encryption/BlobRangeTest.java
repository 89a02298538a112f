package dev.berth.registry.encryption;

import static dev.berth.registry.encryption.Blobs.FIRST_SEGMENT;
import static dev.berth.registry.encryption.Blobs.SEGMENT;
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
        CountingSource source = new CountingSource(ciphertext(mode));
        long size = plaintext.length;
        List<long[]> ranges = new ArrayList<>(List.of(new long[] {0, 1}, new long[] {size - 1, 1}, new long[] {0, size},
                new long[] {FIRST_SEGMENT - 1, 2}, new long[] {FIRST_SEGMENT, SEGMENT}, new long[] {FIRST_SEGMENT - 5, SEGMENT + 10},
                new long[] {FIRST_SEGMENT + 7L * SEGMENT - 3, 3L * SEGMENT}, new long[] {size - SEGMENT - 10, SEGMENT + 10}));
        Random chosen = new Random(21);
        for (int i = 0; i < 20; i++) {
            long first = chosen.nextLong(size);
            ranges.add(new long[] {first, 1 + chosen.nextLong(Math.min(3L * SEGMENT, size - first))});
        }
        for (long[] range : ranges) {
            byte[] expected = Arrays.copyOfRange(plaintext, (int) range[0], (int) (range[0] + range[1]));
            assertArrayEquals(expected, Blobs.range(cipher, source, digest, range[0], range[1]), range[0] + "+" + range[1]);
        }
    }

    @Test
    void aRangeReadsOnlyTheHeaderAndTheSegmentsThatHoldIt() throws Exception {
        long size = plaintext.length;
        record Expectation(long first, long length, int segments, int reads) {
        }
        List<Expectation> expectations = List.of(
                new Expectation(0, 1, 1, 1), // the header and segment 0 in one read
                new Expectation(size - 1, 1, 1, 2),
                new Expectation(FIRST_SEGMENT - 1, 2, 2, 1),
                new Expectation(FIRST_SEGMENT + 30L * SEGMENT + 100, 10, 1, 2),
                new Expectation(FIRST_SEGMENT + 30L * SEGMENT - 1, SEGMENT + 2, 3, 2),
                new Expectation(0, size, (int) BlobFormat.segmentCount(convergent.length), 1));
        for (Expectation expected : expectations) {
            CountingSource source = new CountingSource(convergent);
            Blobs.range(cipher, source, digest, expected.first(), expected.length());

            long budget = BlobFormat.HEADER_LENGTH + (long) expected.segments() * CIPHERTEXT_SEGMENT;
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
                assertEquals(size, BlobFormat.plaintextSize(source.size()));
                for (int first = 0; first <= size; first++) {
                    for (int length = 0; first + length <= size; length++) {
                        assertArrayEquals(Arrays.copyOfRange(small, first, first + length),
                                Blobs.range(cipher, source, smallDigest, first, length), size + ": " + first + "+" + length);
                    }
                }
            }
        }
    }

    @Test
    void anAlteredSegmentFailsWhenARangeReachesItAndOnlyThen() throws Exception {
        byte[] altered = convergent.clone();
        altered[10 * CIPHERTEXT_SEGMENT + 77] ^= 0x04;
        CountingSource source = new CountingSource(altered);
        long inSegmentTen = FIRST_SEGMENT + 9L * SEGMENT + 500;

        assertArrayEquals(Arrays.copyOfRange(plaintext, 0, 1000), Blobs.range(cipher, source, digest, 0, 1000));
        DecryptionException e = assertThrows(DecryptionException.class, () -> Blobs.range(cipher, source, digest, inSegmentTen, 10));
        assertTrue(e.getMessage().contains(digest.toString()), e.getMessage());
        assertThrows(DecryptionException.class, () -> Blobs.range(cipher, source, digest, inSegmentTen - SEGMENT, 2L * SEGMENT));
    }

    @Test
    void rangesFailUnderAWrongKeysetOrDigest() throws Exception {
        CountingSource source = new CountingSource(convergent);
        assertThrows(DecryptionException.class, () -> Blobs.range(new BlobCipher(Keysets.fresh()), source, digest, 5, 5));
        assertThrows(DecryptionException.class,
                () -> Blobs.range(new BlobCipher(Keysets.withKeyId(cipher.keyset().primaryKeyId())), source, digest, 5, 5));
        assertThrows(DecryptionException.class, () -> Blobs.range(cipher, source, Blobs.digest(new byte[0]), 5, 5));
    }

    @Test
    void aSourceThatFailsFailsAsItDid() {
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
            try (InputStream in = cipher.decryptRange(shortened, convergent.length, digest, 2L * SEGMENT, 10)) {
                in.readAllBytes();
            }
        });
        assertEquals("connection reset", e.getMessage());

        CiphertextSource cut = (offset, length) -> full.open(offset, Math.min(length, 200));
        assertThrows(EOFException.class, () -> {
            try (InputStream in = cipher.decryptRange(cut, convergent.length, digest, 2L * SEGMENT, 10)) {
                in.readAllBytes();
            }
        });
    }

    @Test
    void rangesOutsideTheBlobAreRefused() {
        CountingSource source = new CountingSource(convergent);
        for (long[] range : List.of(new long[] {-1, 1}, new long[] {0, plaintext.length + 1L}, new long[] {plaintext.length, 1},
                new long[] {5, -1})) {
            assertThrows(IllegalArgumentException.class, () -> cipher.decryptRange(source, source.size(), digest, range[0], range[1]));
        }
        assertEquals(0, source.opened.size());
    }
}
