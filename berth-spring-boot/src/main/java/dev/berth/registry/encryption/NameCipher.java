package dev.berth.registry.encryption;

import dev.berth.registry.encryption.Keyset.Derivation;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The names of private repositories as storage sees them. A {@code *Key} method gives the storage
 * key that stands for a name: 32 lowercase hex characters of a keyed hash (HKDF-SHA256 PRF of the
 * keyset), the same on every node with the keyset, revealing nothing of the name and valid both as
 * a storage path segment and as a repository name component. Sealed names keep the names themselves
 * for listings (catalog, tags list), each bound to the storage key it belongs to.
 *
 * <p>A key rotation changes the storage keys: content stored under an older key is found through
 * the {@code *KeysUnderEveryKey} lists (primary first), or the {@link #schemes} that also cover a
 * tree's salted keys, until it is moved.
 */
public final class NameCipher {
    private static final String REPOSITORY = NameScheme.REPOSITORY;
    private static final String TAG = NameScheme.TAG;
    private static final String BLOB = NameScheme.BLOB;

    private final Keyset keyset;
    private final RecordCipher records;
    private final NameScheme primary;

    public NameCipher(Keyset keyset) {
        this.keyset = Objects.requireNonNull(keyset, "keyset");
        this.records = new RecordCipher(keyset);
        this.primary = new NameScheme(keyset, keyset.primaryKeyId(), Optional.empty());
    }

    public String repositoryKey(RepositoryName repository) {
        return primary.repositoryKey(repository);
    }

    public String tagKey(RepositoryName repository, Tag tag) {
        return primary.tagKey(repository, tag);
    }

    /** The storage key of a blob's digest, so that stored paths do not reveal which blobs are held. */
    public String blobKey(Digest digest) {
        return primary.blobKey(digest);
    }

    /** The scheme new content is named by: the primary key's, salted with the tree's salt when given. */
    public NameScheme primary(Optional<TreeSalt> salt) {
        return salt.isEmpty() ? primary : new NameScheme(keyset, keyset.primaryKeyId(), salt);
    }

    /**
     * Every scheme this keyset reads names by: the primary key's first, then the older keys'; for
     * each key the unsalted scheme, then the salted one when the tree has a salt.
     */
    public List<NameScheme> schemes(Optional<TreeSalt> salt) {
        List<NameScheme> schemes = new ArrayList<>();
        List<Integer> keyIds = new ArrayList<>();
        keyIds.add(keyset.primaryKeyId());
        keyset.keyIds().stream().filter(id -> id != keyset.primaryKeyId()).forEach(keyIds::add);
        for (int keyId : keyIds) {
            schemes.add(keyId == keyset.primaryKeyId() ? primary : new NameScheme(keyset, keyId, Optional.empty()));
            salt.ifPresent(s -> schemes.add(new NameScheme(keyset, keyId, salt)));
        }
        return List.copyOf(schemes);
    }

    public List<String> repositoryKeysUnderEveryKey(RepositoryName repository) {
        return underEveryKey(REPOSITORY, repository.value());
    }

    public List<String> tagKeysUnderEveryKey(RepositoryName repository, Tag tag) {
        return underEveryKey(TAG, repository.value(), tag.value());
    }

    public List<String> blobKeysUnderEveryKey(Digest digest) {
        return underEveryKey(BLOB, digest.toString());
    }

    /** The repository's name, sealed and bound to its {@link #repositoryKey}. */
    public byte[] sealRepositoryName(EncryptionMode mode, RepositoryName repository) {
        return sealRepositoryName(mode, repositoryKey(repository), repository);
    }

    /** The repository's name, sealed and bound to the storage key of its folder under any scheme. */
    public byte[] sealRepositoryName(EncryptionMode mode, String repositoryKey, RepositoryName repository) {
        return records.seal(mode, repositoryNameBinding(repositoryKey), repository.value().getBytes(StandardCharsets.UTF_8));
    }

    /** The name sealed in the folder of this storage key. */
    public RepositoryName openRepositoryName(String repositoryKey, byte[] sealed) throws DecryptionException {
        return new RepositoryName(new String(records.open(repositoryNameBinding(repositoryKey), sealed), StandardCharsets.UTF_8));
    }

    /** The tag's name, sealed and bound to its repository and its {@link #tagKey}. */
    public byte[] sealTag(EncryptionMode mode, RepositoryName repository, Tag tag) {
        return records.seal(mode, tagNameBinding(repository, tagKey(repository, tag)), tag.value().getBytes(StandardCharsets.UTF_8));
    }

    public Tag openTag(RepositoryName repository, String tagKey, byte[] sealed) throws DecryptionException {
        return new Tag(new String(records.open(tagNameBinding(repository, tagKey), sealed), StandardCharsets.UTF_8));
    }

    private List<String> underEveryKey(String kind, String... names) {
        List<String> keys = new ArrayList<>();
        String[] inputs = new String[names.length + 1];
        inputs[0] = kind;
        System.arraycopy(names, 0, inputs, 1, names.length);
        keys.add(hex(keyset.derivePrimary(Derivation.STORAGE_NAME, inputs)));
        for (int keyId : keyset.keyIds()) {
            if (keyId != keyset.primaryKeyId()) {
                try {
                    keys.add(hex(keyset.derive(keyId, Derivation.STORAGE_NAME, inputs)));
                } catch (DecryptionException e) {
                    throw new IllegalStateException("a key listed by the keyset is missing", e);
                }
            }
        }
        return List.copyOf(keys);
    }

    private static RecordBinding repositoryNameBinding(String repositoryKey) {
        return new RecordBinding(RecordPurpose.REPOSITORY_NAME, repositoryKey, "");
    }

    private static RecordBinding tagNameBinding(RepositoryName repository, String tagKey) {
        return new RecordBinding(RecordPurpose.TAG_NAME, repository.value(), tagKey);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
