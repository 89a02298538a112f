package dev.berth.registry.encryption;

import dev.berth.registry.encryption.Keyset.Derivation;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * One way of turning names into storage keys: the key {@link #keyId()} of the keyset, and
 * optionally a tree's salt. Unsalted keys are the same on every node holding the keyset (what
 * convergent repositories need, so that nodes share their content); salted ones differ from tree to
 * tree (what random-key repositories need, so that two trees reveal nothing they have in common).
 * {@link NameCipher#schemes} lists every scheme a keyset can read; {@link NameCipher#repositoryKey}
 * and its siblings are the primary key's unsalted scheme.
 */
public final class NameScheme {
    static final String REPOSITORY = "repository";
    static final String TAG = "tag";
    static final String BLOB = "blob";
    private static final String SALTED = "salted";

    private final Keyset keyset;
    private final int keyId;
    private final Optional<String> salt;

    NameScheme(Keyset keyset, int keyId, Optional<TreeSalt> salt) {
        if (!keyset.holds(keyId)) {
            throw new IllegalArgumentException("the keyset does not hold key " + Keyset.display(keyId));
        }
        this.keyset = keyset;
        this.keyId = keyId;
        this.salt = Objects.requireNonNull(salt, "salt").map(TreeSalt::hex);
    }

    /** The keyset key the storage keys are derived from. */
    public int keyId() {
        return keyId;
    }

    /** Whether the keys are the tree's own (random-key repositories) rather than shared by every node with the keyset. */
    public boolean salted() {
        return salt.isPresent();
    }

    public String repositoryKey(RepositoryName repository) {
        return key(REPOSITORY, repository.value());
    }

    public String tagKey(RepositoryName repository, Tag tag) {
        return key(TAG, repository.value(), tag.value());
    }

    /** The storage key of a blob's digest, so that stored paths do not reveal which blobs are held. */
    public String blobKey(Digest digest) {
        return key(BLOB, digest.toString());
    }

    String key(String kind, String... names) {
        String[] inputs;
        if (salt.isPresent()) {
            inputs = new String[names.length + 3];
            inputs[0] = SALTED;
            inputs[1] = salt.get();
            inputs[2] = kind;
            System.arraycopy(names, 0, inputs, 3, names.length);
        } else {
            inputs = new String[names.length + 1];
            inputs[0] = kind;
            System.arraycopy(names, 0, inputs, 1, names.length);
        }
        try {
            return HexFormat.of().formatHex(keyset.derive(keyId, Derivation.STORAGE_NAME, inputs));
        } catch (DecryptionException e) {
            throw new IllegalStateException("a key checked on creation is missing", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NameScheme scheme && scheme.keyId == keyId && scheme.salt.equals(salt) && scheme.keyset == keyset;
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyId, salt);
    }

    @Override
    public String toString() {
        return "NameScheme[key " + Keyset.display(keyId) + (salted() ? ", salted" : "") + "]";
    }
}
