package dev.berth.registry.encryption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import dev.berth.storage.StoragePath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NameCipherTest {
    private static final RepositoryName APP = new RepositoryName("team/app");
    private static final Tag LATEST = new Tag("latest");

    @TempDir
    Path folder;

    @Test
    void storageKeysAreStableAcrossInstancesAndValidPathSegmentsAndNameComponents() {
        Path file = folder.resolve("keyset.json");
        NameCipher one = new NameCipher(Keysets.inFile(file));
        NameCipher other = new NameCipher(Keysets.inFile(file));
        List<String> keys = List.of(one.repositoryKey(APP), one.tagKey(APP, LATEST), one.blobKey(Blobs.digest(new byte[] {1})));

        assertEquals(keys, List.of(other.repositoryKey(APP), other.tagKey(APP, LATEST), other.blobKey(Blobs.digest(new byte[] {1}))));
        for (String key : keys) {
            assertTrue(key.matches("[0-9a-f]{32}"), key);
            assertEquals("private/" + key, new RepositoryName("private/" + key).value());
            assertEquals(key, StoragePath.of("/repositories/" + key).name());
            assertTrue(!key.contains("team") && !key.contains("app") && !key.contains("latest"));
        }
    }

    @Test
    void differentNamesAndKeysetsGiveDifferentKeys() throws Exception {
        NameCipher names = new NameCipher(Keysets.fresh());
        Set<String> keys = new HashSet<>(List.of(names.repositoryKey(APP), names.repositoryKey(new RepositoryName("team/ap")),
                names.tagKey(APP, LATEST), names.tagKey(new RepositoryName("team/other"), LATEST), names.tagKey(APP, new Tag("v1")),
                new NameCipher(Keysets.fresh()).repositoryKey(APP)));
        assertEquals(6, keys.size());
    }

    @ParameterizedTest
    @EnumSource(EncryptionMode.class)
    void sealedNamesOpenOnlyInTheirPlace(EncryptionMode mode) throws Exception {
        NameCipher names = new NameCipher(Keysets.fresh());
        byte[] repository = names.sealRepositoryName(mode, APP);
        byte[] tag = names.sealTag(mode, APP, LATEST);

        assertEquals(APP, names.openRepositoryName(names.repositoryKey(APP), repository));
        assertEquals(LATEST, names.openTag(APP, names.tagKey(APP, LATEST), tag));
        assertThrows(DecryptionException.class,
                () -> names.openRepositoryName(names.repositoryKey(new RepositoryName("team/other")), repository));
        assertThrows(DecryptionException.class, () -> names.openTag(new RepositoryName("team/other"), names.tagKey(APP, LATEST), tag));
        assertThrows(DecryptionException.class, () -> names.openTag(APP, names.tagKey(APP, new Tag("v1")), tag));
        assertThrows(DecryptionException.class, () -> new NameCipher(Keysets.fresh()).openRepositoryName(names.repositoryKey(APP), repository));
    }

    @Test
    void aSealedNameRevealsNothingOfTheName() throws Exception {
        NameCipher names = new NameCipher(Keysets.fresh());
        String sealed = new String(names.sealRepositoryName(EncryptionMode.CONVERGENT, APP), StandardCharsets.ISO_8859_1);
        assertTrue(!sealed.contains("team") && !sealed.contains("app"));
        assertNotEquals(new String(names.sealRepositoryName(EncryptionMode.RANDOM, APP), StandardCharsets.ISO_8859_1),
                new String(names.sealRepositoryName(EncryptionMode.RANDOM, APP), StandardCharsets.ISO_8859_1));
    }
}
