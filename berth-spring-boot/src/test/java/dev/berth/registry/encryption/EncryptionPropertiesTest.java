package dev.berth.registry.encryption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class EncryptionPropertiesTest {
    @TempDir
    Path folder;

    @Test
    void globsMarkPrivateRepositoriesAndRandomKeysWin() {
        EncryptionProperties properties = new EncryptionProperties(List.of("secret/**", "*-private"), List.of("secret/vault/*"),
                folder.resolve("keyset.json"), null);

        assertTrue(properties.enabled());
        assertEquals(Optional.of(EncryptionMode.CONVERGENT), properties.modeOf("secret/app"));
        assertEquals(Optional.of(EncryptionMode.CONVERGENT), properties.modeOf("secret/deep/er/app"));
        assertEquals(Optional.of(EncryptionMode.CONVERGENT), properties.modeOf("app-private"));
        assertEquals(Optional.of(EncryptionMode.RANDOM), properties.modeOf("secret/vault/keys"));
        assertEquals(Optional.empty(), properties.modeOf("team/app-private"));
        assertEquals(Optional.empty(), properties.modeOf("library/nginx"));
    }

    @Test
    void springBindsTheProperties() {
        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of(
                "berth.encryption.repositories[0]", "secret/**",
                "berth.encryption.random-key-repositories", "vault/*,keys",
                "berth.encryption.keyset", "/var/lib/berth/keyset.json")));

        EncryptionProperties properties = binder.bindOrCreate("berth.encryption", EncryptionProperties.class);

        assertEquals(List.of("secret/**"), properties.repositories());
        assertEquals(List.of("vault/*", "keys"), properties.randomKeyRepositories());
        assertEquals(Path.of("/var/lib/berth/keyset.json"), properties.keyset());
        assertFalse(new Binder(new MapConfigurationPropertySource(Map.of())).bindOrCreate("berth.encryption", EncryptionProperties.class)
                .enabled());
    }

    @Test
    void nothingIsPrivateByDefaultAndAKeysetIsRequiredOnceSomethingIs() {
        assertFalse(new EncryptionProperties(List.of(), List.of(), null, null).enabled());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EncryptionProperties(List.of("**"), List.of(), null, null));
        assertTrue(e.getMessage().contains("berth.encryption.keyset"), e.getMessage());
    }

    @Test
    void theKeysetIsCreatedUnderTheKekFromTheEnvironment() {
        Path file = folder.resolve("keyset.json");
        EncryptionProperties properties = new EncryptionProperties(List.of("**"), List.of(), file, null);
        Map<String, String> environment = Map.of(KeyEncryptionKey.ENVIRONMENT_VARIABLE, KeyEncryptionKey.generateBase64());

        Keyset created = properties.loadKeyset(environment);

        assertTrue(Files.exists(file));
        assertEquals(created.keyIds(), properties.loadKeyset(environment).keyIds());
        assertThrows(KeysetException.class, () -> properties.loadKeyset(Map.of()));
    }
}
