package dev.berth.registry.encryption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RecordCipherTest {
    private static final byte[] MANIFEST = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}"
            .getBytes(StandardCharsets.UTF_8);
    private static final RecordBinding BINDING = new RecordBinding(RecordPurpose.MANIFEST, "team/app", "sha256:" + "a".repeat(64));

    @TempDir
    Path folder;

    @ParameterizedTest
    @EnumSource(EncryptionMode.class)
    void aRecordOpensUnderItsBindingAndNoOther(EncryptionMode mode) throws Exception {
        RecordCipher cipher = new RecordCipher(Keysets.fresh());
        byte[] sealed = cipher.seal(mode, BINDING, MANIFEST);

        assertArrayEquals(MANIFEST, cipher.open(BINDING, sealed));
        for (RecordBinding elsewhere : List.of(new RecordBinding(RecordPurpose.MANIFEST, "team/other", BINDING.item()),
                new RecordBinding(RecordPurpose.MANIFEST, "team/app", "sha256:" + "b".repeat(64)),
                new RecordBinding(RecordPurpose.REFERRER, "team/app", BINDING.item()),
                new RecordBinding(RecordPurpose.MANIFEST, "", "team/app" + BINDING.item()))) {
            DecryptionException e = assertThrows(DecryptionException.class, () -> cipher.open(elsewhere, sealed), elsewhere.toString());
            assertTrue(e.getMessage().contains("moved from elsewhere"), e.getMessage());
        }
    }

    @Test
    void convergentRecordsAreTheSameOnEveryNodeWithTheKeysetAndRandomOnesNever() {
        Path file = folder.resolve("keyset.json");
        RecordCipher one = new RecordCipher(Keysets.inFile(file));
        RecordCipher other = new RecordCipher(Keysets.inFile(file));

        assertArrayEquals(one.seal(EncryptionMode.CONVERGENT, BINDING, MANIFEST), other.seal(EncryptionMode.CONVERGENT, BINDING, MANIFEST));
        assertFalse(Arrays.equals(one.seal(EncryptionMode.RANDOM, BINDING, MANIFEST), one.seal(EncryptionMode.RANDOM, BINDING, MANIFEST)));
        assertFalse(Arrays.equals(one.seal(EncryptionMode.CONVERGENT, BINDING, MANIFEST),
                new RecordCipher(Keysets.inFile(folder.resolve("other.json"))).seal(EncryptionMode.CONVERGENT, BINDING, MANIFEST)));
    }

    @ParameterizedTest
    @EnumSource(EncryptionMode.class)
    void alteringAnyByteFails(EncryptionMode mode) throws Exception {
        RecordCipher cipher = new RecordCipher(Keysets.fresh());
        byte[] sealed = cipher.seal(mode, BINDING, MANIFEST);
        for (int at = 0; at < sealed.length; at++) {
            byte[] altered = sealed.clone();
            altered[at] ^= 0x10;
            assertThrows(DecryptionException.class, () -> cipher.open(BINDING, altered), "byte " + at);
        }
        assertThrows(DecryptionException.class, () -> cipher.open(BINDING, Arrays.copyOf(sealed, sealed.length - 1)));
        assertThrows(DecryptionException.class, () -> cipher.open(BINDING, new byte[0]));
    }

    @Test
    void anotherKeysetFailsClearly() throws Exception {
        RecordCipher cipher = new RecordCipher(Keysets.fresh());
        byte[] sealed = cipher.seal(EncryptionMode.CONVERGENT, BINDING, MANIFEST);

        assertTrue(assertThrows(DecryptionException.class, () -> new RecordCipher(Keysets.fresh()).open(BINDING, sealed))
                .getMessage().contains("which this keyset does not hold"));
        assertThrows(DecryptionException.class,
                () -> new RecordCipher(Keysets.withKeyId(RecordCipher.header(sealed).keyId())).open(BINDING, sealed));
    }

    @Test
    void theKeysetCheckTellsTheKeysetThatMadeItFromAnother() throws Exception {
        Keyset keyset = Keysets.fresh();
        byte[] check = new RecordCipher(keyset).sealKeysetCheck();

        new RecordCipher(keyset).verifyKeysetCheck(check);
        assertThrows(DecryptionException.class, () -> new RecordCipher(Keysets.fresh()).verifyKeysetCheck(check));
        assertEquals(EncryptionMode.CONVERGENT, RecordCipher.header(check).mode());
    }
}
