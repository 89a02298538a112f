package dev.berth.registry.encryption;

import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.prf.HkdfPrfKey;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.Prf;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.crypto.tink.prf.PrfSet;
import java.security.GeneralSecurityException;
import java.util.Collections;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The secret keys of private repositories: a Tink keyset of HKDF-SHA256 PRF keys (32 random bytes
 * each), one per generation. The primary key makes new content; the others, left from earlier
 * rotations, only read what they made. Every ciphertext names the Tink key id that made it.
 *
 * <p>A key is never used directly. Each use gets its own key, {@link Derivation derived} from the
 * generation's PRF key with a label for the use and the inputs it is bound to (a blob's digest, a
 * repository's name), so one keyset of one key type serves blobs, small records and names, and keys
 * of different uses are independent.
 */
public final class Keyset {
    static {
        try {
            PrfConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Makes Tink parse Berth's key type as what it is: a keyset parsed before this class is loaded
     * would otherwise hold opaque legacy keys that {@link #of} refuses. Call before parsing a keyset.
     */
    static void registerKeyTypes() {
        // the static initializer above does the work, once
    }

    private final KeysetHandle handle;
    private final int primaryKeyId;
    private final Map<Integer, Prf> prfs;

    private Keyset(KeysetHandle handle, int primaryKeyId, Map<Integer, Prf> prfs) {
        this.handle = handle;
        this.primaryKeyId = primaryKeyId;
        this.prfs = prfs;
    }

    /**
     * Checks that the keyset holds only Berth's kind of key and has an enabled primary; the message
     * of the exception says what is wrong.
     */
    static Keyset of(KeysetHandle handle) throws GeneralSecurityException {
        for (int i = 0; i < handle.size(); i++) {
            KeysetHandle.Entry entry;
            try {
                entry = handle.getAt(i);
            } catch (IllegalStateException e) {
                throw new GeneralSecurityException("key " + (i + 1) + " of " + handle.size() + " is damaged or of an unknown kind", e);
            }
            if (!(entry.getKey() instanceof HkdfPrfKey key)
                    || !key.getParameters().equals(PredefinedPrfParameters.HKDF_SHA256)) {
                throw new GeneralSecurityException("key " + Integer.toUnsignedString(entry.getId())
                        + " is a " + entry.getKey().getParameters() + "; Berth's keysets hold HKDF-SHA256 PRF keys of 32 bytes");
            }
        }
        KeysetHandle.Entry primary = handle.getPrimary();
        if (primary.getStatus() != KeyStatus.ENABLED) {
            throw new GeneralSecurityException("the primary key " + Integer.toUnsignedString(primary.getId()) + " is not enabled");
        }
        PrfSet prfSet = handle.getPrimitive(RegistryConfiguration.get(), PrfSet.class);
        return new Keyset(handle, prfSet.getPrimaryId(), Map.copyOf(prfSet.getPrfs()));
    }

    /** A keyset with one fresh key. */
    static Keyset generate() throws GeneralSecurityException {
        return of(KeysetHandle.generateNew(PredefinedPrfParameters.HKDF_SHA256));
    }

    /** This keyset and a fresh key, which becomes the primary; the old keys stay to read old content. */
    Keyset withNewPrimary() throws GeneralSecurityException {
        return of(KeysetHandle.newBuilder(handle)
                .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedPrfParameters.HKDF_SHA256)
                        .withRandomId().makePrimary())
                .build());
    }

    KeysetHandle handle() {
        return handle;
    }

    /** The id of the key that makes new content. */
    public int primaryKeyId() {
        return primaryKeyId;
    }

    /** The ids of every enabled key, the primary's included: what this keyset can read. */
    public SortedSet<Integer> keyIds() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(prfs.keySet()));
    }

    public boolean holds(int keyId) {
        return prfs.containsKey(keyId);
    }

    /** Key ids as people see them in logs and errors (Tink's are unsigned). */
    static String display(int keyId) {
        return Integer.toUnsignedString(keyId);
    }

    @Override
    public String toString() {
        return "Keyset[primary " + display(primaryKeyId) + ", " + prfs.size() + " key(s)]";
    }

    /**
     * The key (or other secret bytes) for one use, from the key {@code keyId}, bound to the inputs.
     */
    byte[] derive(int keyId, Derivation derivation, String... inputs) throws DecryptionException {
        Prf prf = prfs.get(keyId);
        if (prf == null) {
            throw new DecryptionException("the content was encrypted with key " + display(keyId)
                    + ", which this keyset does not hold (it holds " + keyIdsForDisplay() + "): a wrong or outdated keyset");
        }
        try {
            return prf.compute(Encoding.join(derivation.label(), inputs), derivation.length());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF refused a " + derivation.length() + " byte output", e);
        }
    }

    /** {@link #derive} with the primary key, which this keyset always holds. */
    byte[] derivePrimary(Derivation derivation, String... inputs) {
        try {
            return derive(primaryKeyId, derivation, inputs);
        } catch (DecryptionException e) {
            throw new IllegalStateException(e);
        }
    }

    private String keyIdsForDisplay() {
        return keyIds().stream().map(Keyset::display).toList().toString();
    }

    /**
     * The uses of a key. Labels are part of the formats: changing one makes every ciphertext of
     * that use unreadable.
     */
    enum Derivation {
        /** The secret a convergent blob's segment keys are computed with (HMAC-SHA256 over a segment). */
        SEGMENT_KEY("berth/v2/segment-key", 32),
        /** AES-SIV (two AES-256 keys) that wraps each segment key of a convergent blob. */
        SEGMENT_KEY_WRAP("berth/v2/segment-key-wrap", 64),
        /** The streaming key of random-key blobs; Tink's random salt makes a fresh key per blob. */
        RANDOM_BLOB("berth/v1/random-blob", 32),
        /** AES-SIV (two AES-256 keys) for records that must encrypt deterministically. */
        DETERMINISTIC_RECORD("berth/v1/record-aes-siv", 64),
        /** AES-256-GCM for records with a random nonce. */
        RANDOM_RECORD("berth/v1/record-aes-gcm", 32),
        /** Keyed hashes that stand for names in storage paths. */
        STORAGE_NAME("berth/v1/storage-name", 16);

        private final String label;
        private final int length;

        Derivation(String label, int length) {
            this.label = label;
            this.length = length;
        }

        String label() {
            return label;
        }

        int length() {
            return length;
        }
    }
}
