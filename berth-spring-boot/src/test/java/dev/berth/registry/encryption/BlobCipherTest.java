package dev.berth.registry.encryption;

import static dev.berth.registry.encryption.Blobs.FIRST_SEGMENT;
import static dev.berth.registry.encryption.Blobs.SEGMENT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import dev.berth.registry.naming.Digest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BlobCipherTest {
    /** Sizes on both sides of every place the format of this mode changes: empty, segment 0's end, later segments' ends. */
    private static List<Integer> sizes(EncryptionMode mode) {
        int first = Blobs.firstSegment(mode);
        int segment = Blobs.segment(mode);
        return List.of(0, 1, 2, 17, 1000, first - 1, first, first + 1, first + segment - 1, first + segment, first + segment + 1,
                first + 2 * segment + 12345);
    }

    @TempDir
    Path folder;

    @Test
    void theSameBlobOnTwoNodesSharingAKeysetIsTheSameCiphertext() throws Exception {
        Path nodeA = folder.resolve("a/keyset.json");
        Keyset keysetA = Keysets.inFile(nodeA);
        Path nodeB = folder.resolve("b/keyset.json");
        Files.createDirectories(nodeB.getParent());
        Files.copy(nodeA, nodeB);
        BlobCipher cipherA = new BlobCipher(keysetA);
        BlobCipher cipherB = new BlobCipher(Keysets.inFile(nodeB));

        for (int size : List.of(0, 1000, FIRST_SEGMENT + SEGMENT + 1)) {
            byte[] plaintext = Blobs.random(size, size);
            byte[] onA = Blobs.encrypt(cipherA, plaintext, EncryptionMode.CONVERGENT);
            assertArrayEquals(onA, Blobs.encrypt(cipherB, plaintext, EncryptionMode.CONVERGENT), "size " + size);
            assertArrayEquals(onA, Blobs.encrypt(new BlobCipher(Keysets.inFile(nodeA)), plaintext, EncryptionMode.CONVERGENT));
            assertArrayEquals(plaintext, Blobs.decrypt(cipherB, onA, Blobs.digest(plaintext)));
        }
    }

    @Test
    void otherKeysetsGiveOtherCiphertext() throws Exception {
        byte[] plaintext = Blobs.random(5000, 1);
        byte[] one = Blobs.encrypt(new BlobCipher(Keysets.fresh()), plaintext, EncryptionMode.CONVERGENT);
        byte[] other = Blobs.encrypt(new BlobCipher(Keysets.fresh()), plaintext, EncryptionMode.CONVERGENT);
        assertFalse(Arrays.equals(Arrays.copyOfRange(one, BlobFormat.PREFIX_LENGTH, one.length),
                Arrays.copyOfRange(other, BlobFormat.PREFIX_LENGTH, other.length)));
    }

    @Test
    void randomKeysMakeNewCiphertextEveryTimeThatStillDecrypts() throws Exception {
        BlobCipher cipher = new BlobCipher(Keysets.fresh());
        byte[] plaintext = Blobs.random(FIRST_SEGMENT + 10, 2);
        byte[] one = Blobs.encrypt(cipher, plaintext, EncryptionMode.RANDOM);
        byte[] other = Blobs.encrypt(cipher, plaintext, EncryptionMode.RANDOM);

        assertFalse(Arrays.equals(one, other));
        assertArrayEquals(plaintext, Blobs.decrypt(cipher, one, Blobs.digest(plaintext)));
        assertArrayEquals(plaintext, Blobs.decrypt(cipher, other, Blobs.digest(plaintext)));
        assertEquals(EncryptionMode.RANDOM, BlobHeader.parse(one).mode());
    }

    @ParameterizedTest
    @EnumSource(EncryptionMode.class)
    void everySizeAroundTheSegmentBoundariesRoundTripsWithSizesKnownWithoutReading(EncryptionMode mode) throws Exception {
        Keyset keyset = Keysets.fresh();
        BlobCipher cipher = new BlobCipher(keyset);
        AesGcmHkdfStreaming tink = BlobFormat.streamingAead(new byte[32]);
        TreeSet<Integer> sizes = new TreeSet<>(sizes(mode));
        for (int size = 0; size <= 200; size++) {
            sizes.add(size);
        }
        for (int size : sizes) {
            byte[] plaintext = Blobs.random(size, size);
            byte[] ciphertext = Blobs.encrypt(cipher, plaintext, mode);

            assertEquals(BlobCipher.ciphertextSize(mode, size), ciphertext.length, "size " + size);
            if (mode == EncryptionMode.RANDOM) {
                assertEquals(tink.expectedCiphertextSize(size), ciphertext.length, "Tink agrees on size " + size);
            }
            assertEquals(size, BlobCipher.plaintextSize(mode, ciphertext.length));
            assertArrayEquals(plaintext, Blobs.decrypt(cipher, ciphertext, Blobs.digest(plaintext)), "size " + size);
            assertEquals(new BlobHeader(mode, keyset.primaryKeyId()), BlobHeader.parse(ciphertext));
        }
    }

    @Test
    void impossibleCiphertextSizesAreRefused() {
        for (long size : List.of(0L, 1L, (long) BlobFormat.HEADER_LENGTH + 15, (long) BlobFormat.CIPHERTEXT_SEGMENT_SIZE + 16)) {
            assertThrows(IllegalArgumentException.class, () -> BlobCipher.plaintextSize(EncryptionMode.RANDOM, size), "size " + size);
        }
        long segment = SegmentedFormat.CIPHERTEXT_SEGMENT_SIZE;
        for (long size : List.of(0L, 10L, 10L + SegmentedFormat.OVERHEAD - 1, segment + SegmentedFormat.OVERHEAD, segment + 1)) {
            assertThrows(IllegalArgumentException.class, () -> BlobCipher.plaintextSize(EncryptionMode.CONVERGENT, size), "size " + size);
        }
    }

    /**
     * What lets a convergent upload be encrypted as it arrives: however the plaintext is split into
     * requests, stopped and continued, it becomes the same bytes as when encrypted in one piece.
     */
    @Test
    void aConvergentBlobWrittenInPiecesAndContinuedIsTheSameCiphertext() throws Exception {
        BlobCipher cipher = new BlobCipher(Keysets.fresh());
        int segment = Blobs.segment(EncryptionMode.CONVERGENT);
        byte[] plaintext = Blobs.random(3 * segment + 777, 11);
        byte[] whole = Blobs.encrypt(cipher, plaintext, EncryptionMode.CONVERGENT);
        Random cuts = new Random(12);
        List<int[]> splits = new java.util.ArrayList<>(List.of(new int[] {segment}, new int[] {segment, 2 * segment, 3 * segment},
                new int[] {1, segment - 1, segment + 1}, new int[] {plaintext.length}, new int[] {0, 0, 5}));
        for (int i = 0; i < 10; i++) {
            splits.add(cuts.ints(3, 0, plaintext.length + 1).sorted().toArray());
        }
        for (int[] split : splits) {
            ByteArrayOutputStream ciphertext = new ByteArrayOutputStream();
            SegmentedEncryptingStream out = cipher.startConvergent(ciphertext);
            int from = 0;
            for (int cut : split) {
                out.write(plaintext, from, cut - from);
                from = cut;
                byte[] held = out.suspend();
                assertTrue(held.length <= segment && (from == 0 || held.length > 0), "at most one segment held back, and never none");
                out = cipher.continueConvergent(ciphertext, cipher.keyset().primaryKeyId(), ciphertext.size(), held);
            }
            out.write(plaintext, from, plaintext.length - from);
            out.finish();
            assertArrayEquals(whole, ciphertext.toByteArray(), Arrays.toString(split));
        }
        assertThrows(IOException.class, () -> cipher.continueConvergent(new ByteArrayOutputStream(), cipher.keyset().primaryKeyId(),
                BlobFormat.PREFIX_LENGTH + 5, new byte[0]), "only whole segments are continued");
        assertArrayEquals(plaintext, cipher.decryptUnverified(new ByteArrayInputStream(whole)).readAllBytes());
    }

    /** What a peer without the key learns from two convergent blobs: the segments they share at the same place, nothing more. */
    @Test
    void convergentBlobsShareTheSegmentsTheyHaveInCommonAtTheSamePlace() throws Exception {
        BlobCipher cipher = new BlobCipher(Keysets.fresh());
        int segment = Blobs.segment(EncryptionMode.CONVERGENT);
        int ciphertextSegment = SegmentedFormat.CIPHERTEXT_SEGMENT_SIZE;
        byte[] one = Blobs.random(3 * segment, 13);
        byte[] other = one.clone();
        other[segment + 5] ^= 1; // segment 1 differs
        byte[] shifted = new byte[one.length];
        System.arraycopy(one, 0, shifted, 1, one.length - 1); // every segment moved by a byte

        byte[] a = Blobs.encrypt(cipher, one, EncryptionMode.CONVERGENT);
        byte[] b = Blobs.encrypt(cipher, other, EncryptionMode.CONVERGENT);
        byte[] c = Blobs.encrypt(cipher, shifted, EncryptionMode.CONVERGENT);
        long segments = SegmentedFormat.segmentCount(a.length);
        for (long i = 0; i < segments; i++) {
            int from = (int) SegmentedFormat.segmentStart(i);
            int to = (int) SegmentedFormat.segmentEnd(i, a.length);
            assertEquals(i != 1, Arrays.equals(Arrays.copyOfRange(a, from, to), Arrays.copyOfRange(b, from, to)), "segment " + i);
            assertFalse(Arrays.equals(Arrays.copyOfRange(a, from, to), Arrays.copyOfRange(c, from, to)), "segment " + i);
            assertTrue(to % ciphertextSegment == 0 || i == segments - 1, "segments end on Kubo's chunks");
        }
    }

    @ParameterizedTest
    @EnumSource(EncryptionMode.class)
    void alteringAnyByteOfASmallBlobFailsToDecrypt(EncryptionMode mode) throws Exception {
        BlobCipher cipher = new BlobCipher(Keysets.fresh());
        byte[] plaintext = Blobs.random(700, 3);
        Digest digest = Blobs.digest(plaintext);
        byte[] ciphertext = Blobs.encrypt(cipher, plaintext, mode);
        for (int at = 0; at < ciphertext.length; at++) {
            byte[] altered = ciphertext.clone();
            altered[at] ^= 0x01;
            assertThrows(DecryptionException.class, () -> Blobs.decrypt(cipher, altered, digest), "byte " + at);
        }
    }

    @ParameterizedTest
    @EnumSource(EncryptionMode.class)
    void alteringAReorderingOrCuttingALargeBlobFailsToDecrypt(EncryptionMode mode) throws Exception {
        BlobCipher cipher = new BlobCipher(Keysets.fresh());
        byte[] plaintext = Blobs.random(FIRST_SEGMENT + 2 * SEGMENT + 500, 4);
        Digest digest = Blobs.digest(plaintext);
        byte[] ciphertext = Blobs.encrypt(cipher, plaintext, mode);
        int segment = BlobFormat.CIPHERTEXT_SEGMENT_SIZE;
        TreeSet<Integer> positions = new TreeSet<>(List.of(BlobFormat.HEADER_LENGTH, segment - 17, segment - 1, segment,
                2 * segment - 1, 2 * segment, 3 * segment, ciphertext.length - 17, ciphertext.length - 1));
        new Random(4).ints(20, 0, ciphertext.length).forEach(positions::add);
        for (int at : positions) {
            byte[] altered = ciphertext.clone();
            altered[at] ^= (byte) 0x80;
            assertThrows(DecryptionException.class, () -> Blobs.decrypt(cipher, altered, digest), "byte " + at);
        }
        byte[] swapped = ciphertext.clone();
        System.arraycopy(ciphertext, segment, swapped, 2 * segment, segment);
        System.arraycopy(ciphertext, 2 * segment, swapped, segment, segment);
        for (byte[] reordered : List.of(swapped, Arrays.copyOf(ciphertext, 3 * segment), Arrays.copyOf(ciphertext, ciphertext.length - 1),
                Arrays.copyOf(ciphertext, ciphertext.length + 1), Arrays.copyOf(ciphertext, BlobFormat.HEADER_LENGTH))) {
            assertThrows(DecryptionException.class, () -> Blobs.decrypt(cipher, reordered, digest));
        }
    }

    @Test
    void aKeysetWithoutTheKeySaysSo() throws Exception {
        Keyset keyset = Keysets.fresh();
        byte[] plaintext = Blobs.random(100, 5);
        byte[] ciphertext = Blobs.encrypt(new BlobCipher(keyset), plaintext, EncryptionMode.CONVERGENT);

        DecryptionException e = assertThrows(DecryptionException.class,
                () -> Blobs.decrypt(new BlobCipher(Keysets.fresh()), ciphertext, Blobs.digest(plaintext)));
        assertTrue(e.getMessage().contains("key " + Keyset.display(keyset.primaryKeyId()) + ", which this keyset does not hold"),
                e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(EncryptionMode.class)
    void aKeyOfTheSameIdButOtherMaterialFailsAuthenticationNotGarbage(EncryptionMode mode) throws Exception {
        Keyset keyset = Keysets.fresh();
        Keyset impostor = Keysets.withKeyId(keyset.primaryKeyId());
        byte[] plaintext = Blobs.random(FIRST_SEGMENT + 100, 6);
        byte[] ciphertext = Blobs.encrypt(new BlobCipher(keyset), plaintext, mode);

        DecryptionException e = assertThrows(DecryptionException.class,
                () -> Blobs.decrypt(new BlobCipher(impostor), ciphertext, Blobs.digest(plaintext)));
        assertTrue(e.getMessage().contains("does not decrypt"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(EncryptionMode.class)
    void aBlobServedUnderAnotherDigestFails(EncryptionMode mode) throws Exception {
        BlobCipher cipher = new BlobCipher(Keysets.fresh());
        byte[] plaintext = Blobs.random(3000, 7);
        byte[] ciphertext = Blobs.encrypt(cipher, plaintext, mode);

        assertThrows(DecryptionException.class, () -> Blobs.decrypt(cipher, ciphertext, Blobs.digest(new byte[] {1})));
    }

    @Test
    void plaintextWithAnotherDigestIsRefusedOnFinish() throws Exception {
        BlobCipher cipher = new BlobCipher(Keysets.fresh());
        BlobEncryptingStream out = cipher.encrypt(new ByteArrayOutputStream(), Blobs.digest(new byte[] {1, 2}), EncryptionMode.CONVERGENT);
        out.write(new byte[] {1, 3});

        IOException e = assertThrows(IOException.class, out::finish);
        assertTrue(e.getMessage().contains("discard this ciphertext"), e.getMessage());
    }

    @Test
    void finishLeavesTheSinkOpenAndCloseClosesIt() throws Exception {
        BlobCipher cipher = new BlobCipher(Keysets.fresh());
        byte[] plaintext = Blobs.random(FIRST_SEGMENT + 1, 8);
        boolean[] closed = {false};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        OutputStream sink = new OutputStream() {
            @Override
            public void write(int b) {
                bytes.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytes.write(b, off, len);
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        };
        for (EncryptionMode mode : EncryptionMode.values()) {
            bytes.reset();
            closed[0] = false;
            BlobEncryptingStream out = cipher.encrypt(sink, Blobs.digest(plaintext), mode);
            for (int i = 0; i < plaintext.length; i += 4099) {
                out.write(plaintext, i, Math.min(4099, plaintext.length - i));
            }
            out.finish();
            assertFalse(closed[0], mode + ": finish keeps the sink open");
            assertEquals(BlobCipher.ciphertextSize(mode, plaintext.length), bytes.size());
            assertEquals(bytes.size(), out.ciphertextSize());
            assertArrayEquals(plaintext, Blobs.decrypt(cipher, bytes.toByteArray(), Blobs.digest(plaintext)));
            out.close();
            assertTrue(closed[0], mode + ": close closes the sink");
        }
    }

    @Test
    void stagedContentIsBoundToItsLabel() throws Exception {
        BlobCipher cipher = new BlobCipher(Keysets.fresh());
        byte[] plaintext = Blobs.random(FIRST_SEGMENT + 3, 9);
        ByteArrayOutputStream ciphertext = new ByteArrayOutputStream();
        try (BlobEncryptingStream out = cipher.encryptStaged(ciphertext, "upload-1/part-0")) {
            out.write(plaintext);
        }

        assertArrayEquals(plaintext, cipher.decryptStaged(new ByteArrayInputStream(ciphertext.toByteArray()), "upload-1/part-0")
                .readAllBytes());
        assertThrows(DecryptionException.class, () -> cipher.decryptStaged(
                new ByteArrayInputStream(ciphertext.toByteArray()), "upload-1/part-1").readAllBytes());
    }

    @Test
    void aStreamOfSixtyFourMibEncryptsAndDecryptsInBothModes() throws Exception {
        BlobCipher cipher = new BlobCipher(Keysets.fresh());
        byte[] plaintext = Blobs.random(64 << 20, 10);
        Digest digest = Blobs.digest(plaintext);
        for (EncryptionMode mode : EncryptionMode.values()) {
            byte[] ciphertext = Blobs.encrypt(cipher, plaintext, mode);
            assertEquals(BlobCipher.ciphertextSize(mode, plaintext.length), ciphertext.length);
            assertEquals(digest, Blobs.digest(Blobs.decrypt(cipher, ciphertext, digest)), mode.toString());
        }
    }
}
