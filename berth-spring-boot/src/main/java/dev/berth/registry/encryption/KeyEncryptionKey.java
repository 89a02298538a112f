package dev.berth.registry.encryption;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.util.SecretBytes;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The key that encrypts the keyset file at rest, so that the file alone (a backup, a copied disk)
 * reveals nothing. It comes from the environment, never from a file beside the keyset: the variable
 * {@value #ENVIRONMENT_VARIABLE} holds the base64 of 32 random bytes ({@code openssl rand -base64 32}),
 * an AES-256-GCM key used through Tink's keyset encryption.
 */
public final class KeyEncryptionKey {
    public static final String ENVIRONMENT_VARIABLE = "BERTH_ENCRYPTION_KEK";
    private static final int KEY_BYTES = 32;

    private final Aead aead;

    private KeyEncryptionKey(Aead aead) {
        this.aead = aead;
    }

    /** The key in {@value #ENVIRONMENT_VARIABLE}, if that is set and not blank. */
    public static Optional<KeyEncryptionKey> fromEnvironment(Map<String, String> environment) {
        String value = environment.get(ENVIRONMENT_VARIABLE);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(fromBase64(value));
    }

    /**
     * A key from its base64 text (standard or URL alphabet). The message of a refusal never
     * repeats the text, which is a secret.
     */
    public static KeyEncryptionKey fromBase64(String text) {
        byte[] bytes;
        try {
            String trimmed = text.strip();
            bytes = trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(trimmed) : Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ENVIRONMENT_VARIABLE + " is not base64; it must be the base64 of "
                    + KEY_BYTES + " random bytes (openssl rand -base64 " + KEY_BYTES + ")");
        }
        if (bytes.length != KEY_BYTES) {
            throw new IllegalArgumentException(ENVIRONMENT_VARIABLE + " decodes to " + bytes.length + " bytes; it must be the base64 of "
                    + KEY_BYTES + " random bytes (openssl rand -base64 " + KEY_BYTES + ")");
        }
        try {
            AesGcmParameters parameters = AesGcmParameters.builder().setKeySizeBytes(KEY_BYTES).setIvSizeBytes(12)
                    .setTagSizeBytes(16).setVariant(AesGcmParameters.Variant.NO_PREFIX).build();
            return new KeyEncryptionKey(AesGcmJce.create(AesGcmKey.builder().setParameters(parameters)
                    .setKeyBytes(SecretBytes.copyFrom(bytes, InsecureSecretKeyAccess.get())).build()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this JVM", e);
        }
    }

    /** A fresh random key as the text {@value #ENVIRONMENT_VARIABLE} takes. */
    public static String generateBase64() {
        return Base64.getEncoder().encodeToString(
                SecretBytes.randomBytes(KEY_BYTES).toByteArray(InsecureSecretKeyAccess.get()));
    }

    Aead aead() {
        return aead;
    }

    @Override
    public String toString() {
        return "KeyEncryptionKey[" + ENVIRONMENT_VARIABLE + "]";
    }
}
