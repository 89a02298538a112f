package dev.berth.registry.encryption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.berth.registry.naming.RepositoryName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysetFileTest {
    private static final RepositoryName NAME = new RepositoryName("team/app");

    @TempDir
    Path folder;

    @Test
    void aKeysetFileLoadsInAJvmThatHasNotMadeAKeysetBefore() throws Exception {
        Path file = folder.resolve("keyset.json");
        int primary = new KeysetFile(file, Optional.empty()).loadOrCreate().primaryKeyId();
        // A class loader of its own gives Tink and Berth a fresh start, as a registry has when it reads its keyset at launch.
        java.net.URL[] classpath = Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(entry -> {
                    try {
                        return Path.of(entry).toUri().toURL();
                    } catch (java.net.MalformedURLException e) {
                        throw new IllegalStateException(e);
                    }
                }).toArray(java.net.URL[]::new);
        try (java.net.URLClassLoader fresh = new java.net.URLClassLoader(classpath, ClassLoader.getPlatformClassLoader())) {
            Class<?> keysetFile = fresh.loadClass(KeysetFile.class.getName());
            Object loaded = keysetFile.getMethod("load").invoke(keysetFile.getConstructor(Path.class, Optional.class)
                    .newInstance(file, Optional.empty()));
            assertEquals(primary, loaded.getClass().getMethod("primaryKeyId").invoke(loaded));
        }
    }

    @Test
    void aMissingKeysetIsCreatedOwnerOnlyAndReadsBackAsTheSameKeys() throws IOException {
        Path file = folder.resolve("keys/keyset.json");
        Keyset created = new KeysetFile(file, Optional.empty()).loadOrCreate();

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left beside the keyset");
        }
        Keyset loaded = new KeysetFile(file, Optional.empty()).load();
        assertEquals(created.primaryKeyId(), loaded.primaryKeyId());
        assertEquals(new NameCipher(created).repositoryKey(NAME), new NameCipher(loaded).repositoryKey(NAME));
        assertEquals(created.keyIds(), new KeysetFile(file, Optional.empty()).loadOrCreate().keyIds(), "an existing file is kept");
    }

    @Test
    void theFileIsTinksJsonKeysetOfOneHkdfPrfKey() throws Exception {
        Path file = folder.resolve("keyset.json");
        Keyset keyset = new KeysetFile(file, Optional.empty()).loadOrCreate();
        KeysetHandle handle = TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(file), InsecureSecretKeyAccess.get());
        assertEquals(1, handle.size());
        assertEquals(keyset.primaryKeyId(), handle.getPrimary().getId());
        assertTrue(Files.readString(file).contains("type.googleapis.com/google.crypto.tink.HkdfPrfKey"));
    }

    @Test
    void aMissingFileIsAnErrorForLoadNamingTheFile() {
        Path file = folder.resolve("absent.json");
        KeysetException e = assertThrows(KeysetException.class, () -> new KeysetFile(file, Optional.empty()).load());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertEquals(file, e.file());
    }

    @Test
    void aCorruptFileIsAClearErrorNamingTheFile() throws Exception {
        Path valid = folder.resolve("valid.json");
        new KeysetFile(valid, Optional.empty()).loadOrCreate();
        String json = Files.readString(valid);
        AeadConfig.register();
        String otherKind = TinkJsonProtoKeysetFormat.serializeKeyset(
                KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM), InsecureSecretKeyAccess.get());
        Map<String, String> expected = Map.of(
                "not json at all", "is not JSON",
                "{\"hello\": 1}", "is not a Tink JSON keyset",
                json.replaceFirst("\"value\": *\"[A-Za-z0-9+/=]{8}", "\"value\": \"!!!!!!!!"), "damaged",
                otherKind, "HKDF-SHA256 PRF keys");
        for (Map.Entry<String, String> corrupt : expected.entrySet()) {
            Path file = folder.resolve("corrupt.json");
            Files.writeString(file, corrupt.getKey());
            KeysetException e = assertThrows(KeysetException.class, () -> new KeysetFile(file, Optional.empty()).loadOrCreate());
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains(corrupt.getValue()), e.getMessage());
        }
    }

    @Test
    void aKeysetEncryptedUnderTheKekRoundTripsAndHoldsNoKeyInTheClear() throws IOException {
        Path file = folder.resolve("keyset.json");
        KeyEncryptionKey kek = KeyEncryptionKey.fromBase64(KeyEncryptionKey.generateBase64());
        Keyset created = new KeysetFile(file, Optional.of(kek)).loadOrCreate();

        String content = Files.readString(file);
        assertTrue(content.contains("encryptedKeyset"), content);
        assertFalse(content.contains("\"value\""), "no key value in the clear: " + content);
        Keyset loaded = new KeysetFile(file, Optional.of(kek)).load();
        assertEquals(new NameCipher(created).repositoryKey(NAME), new NameCipher(loaded).repositoryKey(NAME));
    }

    @Test
    void aWrongKekIsAClearStartupErrorNamingTheFile() {
        Path file = folder.resolve("keyset.json");
        new KeysetFile(file, Optional.of(KeyEncryptionKey.fromBase64(KeyEncryptionKey.generateBase64()))).loadOrCreate();
        KeyEncryptionKey wrong = KeyEncryptionKey.fromBase64(KeyEncryptionKey.generateBase64());

        KeysetException e = assertThrows(KeysetException.class, () -> new KeysetFile(file, Optional.of(wrong)).loadOrCreate());
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("wrong key-encryption key"), e.getMessage());
    }

    @Test
    void anEncryptedKeysetWithoutTheKekSaysWhichVariableToSet() {
        Path file = folder.resolve("keyset.json");
        new KeysetFile(file, Optional.of(KeyEncryptionKey.fromBase64(KeyEncryptionKey.generateBase64()))).loadOrCreate();

        KeysetException e = assertThrows(KeysetException.class, () -> new KeysetFile(file, Optional.empty()).loadOrCreate());
        assertTrue(e.getMessage().contains("set BERTH_ENCRYPTION_KEK"), e.getMessage());
    }

    @Test
    void aPlainKeysetIsRefusedWhenAKekIsSet() {
        Path file = folder.resolve("keyset.json");
        new KeysetFile(file, Optional.empty()).loadOrCreate();
        KeyEncryptionKey kek = KeyEncryptionKey.fromBase64(KeyEncryptionKey.generateBase64());

        KeysetException e = assertThrows(KeysetException.class, () -> new KeysetFile(file, Optional.of(kek)).loadOrCreate());
        assertTrue(e.getMessage().contains("is not encrypted"), e.getMessage());
    }

    @Test
    void theKekComesFromTheEnvironmentAndABadOneIsRefusedWithoutRepeatingIt() {
        assertEquals(Optional.empty(), KeyEncryptionKey.fromEnvironment(Map.of()));
        assertEquals(Optional.empty(), KeyEncryptionKey.fromEnvironment(Map.of("BERTH_ENCRYPTION_KEK", " ")));
        assertTrue(KeyEncryptionKey.fromEnvironment(Map.of("BERTH_ENCRYPTION_KEK", KeyEncryptionKey.generateBase64())).isPresent());
        for (String bad : List.of("not base64 at all!", "c2hvcnQ=")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> KeyEncryptionKey.fromEnvironment(Map.of("BERTH_ENCRYPTION_KEK", bad)));
            assertTrue(e.getMessage().contains("32 random bytes") && !e.getMessage().contains(bad), e.getMessage());
        }
    }

    @Test
    void rotationAddsAPrimaryKeepsTheOldKeysAndIsWrittenThrough() {
        for (Optional<KeyEncryptionKey> kek : List.of(Optional.<KeyEncryptionKey>empty(),
                Optional.of(KeyEncryptionKey.fromBase64(KeyEncryptionKey.generateBase64())))) {
            Path file = folder.resolve("rotated-" + kek.isPresent() + ".json");
            KeysetFile keysetFile = new KeysetFile(file, kek);
            Keyset before = keysetFile.loadOrCreate();

            Keyset after = keysetFile.rotate();

            assertNotEquals(before.primaryKeyId(), after.primaryKeyId());
            assertEquals(Set.of(before.primaryKeyId(), after.primaryKeyId()), after.keyIds());
            assertEquals(after.keyIds(), keysetFile.load().keyIds());
            assertEquals(after.primaryKeyId(), keysetFile.load().primaryKeyId());
            assertTrue(new NameCipher(after).repositoryKeysUnderEveryKey(NAME).contains(new NameCipher(before).repositoryKey(NAME)));
        }
    }
}
