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
    /** Sizes on both sides of every place the format changes: empty, segment 0's end, later segments' ends. */
    private static final List<Integer> SIZES = List.of(0, 1, 2, 17, 1000, FIRST_SEGMENT - 1, FIRST_SEGMENT,
            FIRST_SEGMENT + 1, FIRST_SEGMENT + SEGMENT - 1, FIRST_SEGMENT + SEGMENT, FIRST_SEGMENT + SEGMENT + 1,
            FIRST_SEGMENT + 2 * SEGMENT + 12345);

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
        TreeSet<Integer> sizes = new TreeSet<>(SIZES);
        for (int size = 0; size <= 200; size++) {
            sizes.add(size);
        }
        for (int size : sizes) {
            byte[] plaintext = Blobs.random(size, size);
            byte[] ciphertext = Blobs.encrypt(cipher, plaintext, mode);

            assertEquals(BlobFormat.ciphertextSize(size), ciphertext.length, "size " + size);
            assertEquals(tink.expectedCiphertextSize(size), ciphertext.length, "Tink agrees on size " + size);
            assertEquals(size, BlobFormat.plaintextSize(ciphertext.length));
            assertArrayEquals(plaintext, Blobs.decrypt(cipher, ciphertext, Blobs.digest(plaintext)), "size " + size);
            assertEquals(new BlobHeader(mode, keyset.primaryKeyId()), BlobHeader.parse(ciphertext));
        }
    }

    @Test
    void impossibleCiphertextSizesAreRefused() {
        for (long size : List.of(0L, 1L, (long) BlobFormat.HEADER_LENGTH + 15, (long) BlobFormat.CIPHERTEXT_SEGMENT_SIZE + 16)) {
            assertThrows(IllegalArgumentException.class, () -> BlobFormat.plaintextSize(size), "size " + size);
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
            assertEquals(BlobFormat.ciphertextSize(plaintext.length), bytes.size());
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
            assertEquals(BlobFormat.ciphertextSize(plaintext.length), ciphertext.length);
            assertEquals(digest, Blobs.digest(Blobs.decrypt(cipher, ciphertext, digest)), mode.toString());
        }
    }
}
