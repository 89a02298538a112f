package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.it.support.RegistryProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keyset file kept encrypted under a key-encryption key from the environment: the jar makes it
 * encrypted on first start and serves private repositories with it, and refuses to start under
 * another key, saying why without repeating the key.
 */
class EncryptedKeysetTest {
    @TempDir
    Path work;

    @Test
    void theKeysetFileIsEncryptedUnderTheKeyFromTheEnvironmentAndUnreadableWithoutIt() throws Exception {
        Path keyset = work.resolve("keyset.json");
        List<String> arguments = List.of("--berth.storage.driver=filesystem", "--berth.storage.filesystem.root=" + work.resolve("registry"),
                "--berth.encryption.repositories=secret/**", "--berth.encryption.keyset=" + keyset,
                "--berth.encryption.staging=" + work.resolve("staging"));
        String kek = randomKey();

        try (RegistryProcess registry = RegistryProcess.berth("private-kek", Map.of("BERTH_ENCRYPTION_KEK", kek), arguments)) {
            HttpResponse<String> pushed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(registry.url().resolve(
                            "/v2/secret/app/blobs/uploads/?digest=sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"))
                    .POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, pushed.statusCode(), pushed.body());
        }
        String file = Files.readString(keyset);
        assertTrue(file.contains("encryptedKeyset") && !file.contains("\"value\""), "no key material in the clear: " + file);

        // Reading it back with the right key, or none, is KeysetFileTest's: each start of the jar costs seconds.
        IllegalStateException wrong = assertThrows(IllegalStateException.class,
                () -> RegistryProcess.berth("private-kek-wrong", Map.of("BERTH_ENCRYPTION_KEK", randomKey()), arguments).close());
        assertTrue(wrong.getMessage().contains("does not decrypt under the key in BERTH_ENCRYPTION_KEK"), wrong.getMessage());
        assertFalse(wrong.getMessage().contains(kek), "the key is never repeated");
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
