package dev.berth.registry.encryption;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.DeterministicAead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.daead.AesSivKey;
import com.google.crypto.tink.daead.AesSivParameters;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.subtle.AesSiv;
import com.google.crypto.tink.util.SecretBytes;
import dev.berth.registry.encryption.Keyset.Derivation;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Seals small content held whole in memory (manifests, tag records, referrer descriptors, names)
 * with authenticated encryption bound to a {@link RecordBinding}.
 *
 * <pre>
 * version 1 | mode | key id (4) | AEAD ciphertext
 * </pre>
 *
 * {@link EncryptionMode#CONVERGENT} records use AES-SIV (Tink's deterministic AEAD): the same record
 * under the same binding and key is the same bytes on every node, so it dedupes like blobs, and
 * reveals only that equality. {@link EncryptionMode#RANDOM} records use AES-256-GCM with a random
 * nonce. The 6 byte header is authenticated with the binding; the keys are derived per key id.
 */
public final class RecordCipher {
    private static final byte VERSION = 1;
    private static final int HEADER_LENGTH = 6;
    private static final String ASSOCIATED_DATA_LABEL = "berth/v1/record";
    private static final byte[] KEYSET_CHECK = "Berth keyset check".getBytes(StandardCharsets.US_ASCII);

    private final Keyset keyset;
    private final Map<Integer, DeterministicAead> deterministic = new ConcurrentHashMap<>();
    private final Map<Integer, Aead> randomized = new ConcurrentHashMap<>();

    public RecordCipher(Keyset keyset) {
        this.keyset = Objects.requireNonNull(keyset, "keyset");
    }

    /** The record encrypted under the primary key. */
    public byte[] seal(EncryptionMode mode, RecordBinding binding, byte[] plaintext) {
        int keyId = keyset.primaryKeyId();
        byte[] header = ByteBuffer.allocate(HEADER_LENGTH).put(VERSION).put(mode.code()).putInt(keyId).array();
        byte[] associatedData = associatedData(header, binding);
        byte[] ciphertext;
        try {
            ciphertext = switch (mode) {
                case CONVERGENT -> deterministic(keyId).encryptDeterministically(plaintext, associatedData);
                case RANDOM -> randomized(keyId).encrypt(plaintext, associatedData);
            };
        } catch (GeneralSecurityException | DecryptionException e) {
            throw new IllegalStateException("could not seal a " + binding.purpose() + " record", e);
        }
        return ByteBuffer.allocate(HEADER_LENGTH + ciphertext.length).put(header).put(ciphertext).array();
    }

    /** The plaintext of a record sealed under this binding, by any key the keyset holds. */
    public byte[] open(RecordBinding binding, byte[] sealed) throws DecryptionException {
        RecordHeader header = header(sealed);
        byte[] associatedData = associatedData(Arrays.copyOf(sealed, HEADER_LENGTH), binding);
        byte[] ciphertext = Arrays.copyOfRange(sealed, HEADER_LENGTH, sealed.length);
        try {
            return switch (header.mode()) {
                case CONVERGENT -> deterministic(header.keyId()).decryptDeterministically(ciphertext, associatedData);
                case RANDOM -> randomized(header.keyId()).decrypt(ciphertext, associatedData);
            };
        } catch (GeneralSecurityException e) {
            throw new DecryptionException("a " + binding.purpose() + " record of " + describe(binding)
                    + " does not decrypt under key " + Keyset.display(header.keyId())
                    + ": altered, moved from elsewhere, or sealed by another keyset", e);
        }
    }

    /** The record opened and sealed again under the primary key, in the mode it had. */
    public byte[] reseal(RecordBinding binding, byte[] sealed) throws DecryptionException {
        return seal(header(sealed).mode(), binding, open(binding, sealed));
    }

    /** Whether a sealed record was made under a key other than the primary. */
    public boolean needsReencryption(byte[] sealed) throws DecryptionException {
        return header(sealed).keyId() != keyset.primaryKeyId();
    }

    /** The mode and key of a sealed record, readable without the key. */
    public static RecordHeader header(byte[] sealed) throws DecryptionException {
        if (sealed.length < HEADER_LENGTH || sealed[0] != VERSION) {
            throw new DecryptionException("not a sealed record of Berth's, or of a format version this Berth does not read");
        }
        ByteBuffer bytes = ByteBuffer.wrap(sealed, 1, HEADER_LENGTH - 1);
        EncryptionMode mode = EncryptionMode.ofCode(bytes.get());
        return new RecordHeader(mode, bytes.getInt());
    }

    /**
     * A value to store beside private content when it is first written: {@link #verifyKeysetCheck}
     * then tells at start whether the keyset is the one that made it (a missing or replaced keyset
     * file would otherwise show only as failed requests).
     */
    public byte[] sealKeysetCheck() {
        return seal(EncryptionMode.CONVERGENT, new RecordBinding(RecordPurpose.KEYSET_CHECK, "", ""), KEYSET_CHECK);
    }

    public void verifyKeysetCheck(byte[] sealed) throws DecryptionException {
        open(new RecordBinding(RecordPurpose.KEYSET_CHECK, "", ""), sealed);
    }

    private DeterministicAead deterministic(int keyId) throws DecryptionException {
        DeterministicAead aead = deterministic.get(keyId);
        if (aead == null) {
            byte[] key = keyset.derive(keyId, Derivation.DETERMINISTIC_RECORD);
            aead = deterministic.computeIfAbsent(keyId, id -> aesSiv(key));
        }
        return aead;
    }

    private Aead randomized(int keyId) throws DecryptionException {
        Aead aead = randomized.get(keyId);
        if (aead == null) {
            byte[] key = keyset.derive(keyId, Derivation.RANDOM_RECORD);
            aead = randomized.computeIfAbsent(keyId, id -> aesGcm(key));
        }
        return aead;
    }

    private static DeterministicAead aesSiv(byte[] key) {
        try {
            AesSivParameters parameters = AesSivParameters.builder().setKeySizeBytes(key.length)
                    .setVariant(AesSivParameters.Variant.NO_PREFIX).build();
            return AesSiv.create(AesSivKey.builder().setParameters(parameters)
                    .setKeyBytes(SecretBytes.copyFrom(key, InsecureSecretKeyAccess.get())).build());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-SIV is not available", e);
        }
    }

    private static Aead aesGcm(byte[] key) {
        try {
            AesGcmParameters parameters = AesGcmParameters.builder().setKeySizeBytes(key.length).setIvSizeBytes(12)
                    .setTagSizeBytes(16).setVariant(AesGcmParameters.Variant.NO_PREFIX).build();
            return AesGcmJce.create(AesGcmKey.builder().setParameters(parameters)
                    .setKeyBytes(SecretBytes.copyFrom(key, InsecureSecretKeyAccess.get())).build());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static byte[] associatedData(byte[] header, RecordBinding binding) {
        return Encoding.join(ASSOCIATED_DATA_LABEL, header, binding.purpose().label(), binding.repository(), binding.item());
    }

    private static String describe(RecordBinding binding) {
        return binding.repository().isEmpty() ? "no repository" : binding.repository()
                + (binding.item().isEmpty() ? "" : " " + binding.item());
    }

    /** What the first bytes of a sealed record say. */
    public record RecordHeader(EncryptionMode mode, int keyId) {
    }
}
