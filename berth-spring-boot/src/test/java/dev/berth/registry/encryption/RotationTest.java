package dev.berth.registry.encryption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.registry.encryption.Blobs.CountingSource;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.RepositoryName;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RotationTest {
    private static final RecordBinding TAG_RECORD = new RecordBinding(RecordPurpose.TAG, "team/app", "latest");

    @TempDir
    Path folder;

    @ParameterizedTest
    @EnumSource(EncryptionMode.class)
    void afterRotationNewContentUsesTheNewKeyOldStaysReadableAndReencryptionMovesIt(EncryptionMode mode) throws Exception {
        KeysetFile file = new KeysetFile(folder.resolve("keyset.json"), Optional.empty());
        Keyset old = file.loadOrCreate();
        byte[] plaintext = Blobs.random(Blobs.FIRST_SEGMENT + 999, 30);
        Digest digest = Blobs.digest(plaintext);
        byte[] underOld = Blobs.encrypt(new BlobCipher(old), plaintext, mode);
        byte[] recordUnderOld = new RecordCipher(old).seal(mode, TAG_RECORD, digest.toString().getBytes(StandardCharsets.UTF_8));

        Keyset rotated = file.rotate();
        BlobCipher cipher = new BlobCipher(rotated);
        RecordCipher records = new RecordCipher(rotated);

        assertArrayEquals(plaintext, Blobs.decrypt(cipher, underOld, digest));
        assertArrayEquals(Arrays.copyOfRange(plaintext, 5, 10_005), Blobs.range(cipher, new CountingSource(underOld), digest, 5, 10_000));
        assertArrayEquals(digest.toString().getBytes(StandardCharsets.UTF_8), records.open(TAG_RECORD, recordUnderOld));
        assertTrue(cipher.needsReencryption(BlobHeader.parse(underOld)));
        assertTrue(records.needsReencryption(recordUnderOld));

        byte[] fresh = Blobs.encrypt(cipher, plaintext, mode);
        assertEquals(rotated.primaryKeyId(), BlobHeader.parse(fresh).keyId());

        ByteArrayOutputStream moved = new ByteArrayOutputStream();
        BlobHeader header = cipher.reencrypt(new ByteArrayInputStream(underOld), digest, moved);
        assertEquals(new BlobHeader(mode, rotated.primaryKeyId()), header);
        assertFalse(cipher.needsReencryption(BlobHeader.parse(moved.toByteArray())));
        assertArrayEquals(plaintext, Blobs.decrypt(cipher, moved.toByteArray(), digest));
        if (mode == EncryptionMode.CONVERGENT) {
            assertArrayEquals(fresh, moved.toByteArray(), "re-encrypted content dedupes with content pushed after the rotation");
        }
        byte[] resealed = records.reseal(TAG_RECORD, recordUnderOld);
        assertFalse(records.needsReencryption(resealed));
        assertArrayEquals(digest.toString().getBytes(StandardCharsets.UTF_8), records.open(TAG_RECORD, resealed));

        DecryptionException e = assertThrows(DecryptionException.class, () -> Blobs.decrypt(new BlobCipher(old), fresh, digest));
        assertTrue(e.getMessage().contains("which this keyset does not hold"), "a node without the new key says so: " + e.getMessage());
    }

    @Test
    void reencryptionCanChangeTheMode() throws Exception {
        BlobCipher cipher = new BlobCipher(Keysets.fresh());
        byte[] plaintext = Blobs.random(4096, 31);
        Digest digest = Blobs.digest(plaintext);
        ByteArrayOutputStream moved = new ByteArrayOutputStream();

        cipher.reencrypt(new ByteArrayInputStream(Blobs.encrypt(cipher, plaintext, EncryptionMode.CONVERGENT)), digest,
                EncryptionMode.RANDOM, moved);

        assertEquals(EncryptionMode.RANDOM, BlobHeader.parse(moved.toByteArray()).mode());
        assertArrayEquals(plaintext, Blobs.decrypt(cipher, moved.toByteArray(), digest));
    }

    @Test
    void storageKeysUnderEveryKeyListThePrimaryFirstThenTheOldOnes() {
        KeysetFile file = new KeysetFile(folder.resolve("keyset.json"), Optional.empty());
        NameCipher before = new NameCipher(file.loadOrCreate());
        NameCipher after = new NameCipher(file.rotate());
        RepositoryName name = new RepositoryName("team/app");

        assertEquals(List.of(after.repositoryKey(name), before.repositoryKey(name)), after.repositoryKeysUnderEveryKey(name));
        assertEquals(List.of(before.repositoryKey(name)), before.repositoryKeysUnderEveryKey(name));
    }

    @Test
    void theHeaderOfAStoredBlobIsReadWithoutAnyKey() throws Exception {
        Keyset keyset = Keysets.fresh();
        byte[] ciphertext = Blobs.encrypt(new BlobCipher(keyset), new byte[] {1, 2, 3}, EncryptionMode.RANDOM);
        CountingSource source = new CountingSource(ciphertext);

        assertEquals(new BlobHeader(EncryptionMode.RANDOM, keyset.primaryKeyId()), BlobCipher.header(source));
        assertEquals(BlobFormat.PREFIX_LENGTH, source.bytesRead);
    }
}
