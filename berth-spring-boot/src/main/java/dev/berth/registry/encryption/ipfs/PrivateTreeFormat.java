package dev.berth.registry.encryption.ipfs;

import dev.berth.registry.encryption.EncryptionMode;
import dev.berth.registry.encryption.store.KeysetCheck;
import dev.berth.registry.encryption.store.PrivateKeys;
import dev.berth.registry.encryption.store.PrivateLayout;
import dev.berth.registry.encryption.store.PrivateRepositories;
import dev.berth.registry.encryption.store.PrivateTree;
import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.ipfs.remote.RemoteName;
import dev.berth.registry.ipfs.remote.RemoteTreeFormat;
import dev.berth.registry.manifests.ManifestProperties;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.repository.Repository;
import dev.berth.registry.store.DigestCheck;
import dev.berth.registry.store.RegistryStorage;
import java.util.Optional;
import java.util.SortedSet;
import tools.jackson.databind.ObjectMapper;

/**
 * Private trees pulled from IPFS ({@code ipfs/<private root>/<repository>}, or by the private
 * root's IPNS name): recognised by their sealed keyset check, and read with this registry's keyset,
 * decrypting as the local private repositories do. A registry without a keyset, or with another one,
 * answers DENIED saying so, never ciphertext as an image.
 */
public final class PrivateTreeFormat implements RemoteTreeFormat {
    private final Optional<PrivateKeys> keys;
    private final DigestCheck check;
    private final ObjectMapper json;
    private final ManifestProperties manifests;

    public PrivateTreeFormat(Optional<PrivateKeys> keys, DigestCheck check, ObjectMapper json, ManifestProperties manifests) {
        this.keys = keys;
        this.check = check;
        this.json = json;
        this.manifests = manifests;
    }

    @Override
    public Optional<Repository> open(RegistryStorage storage, RemoteName asked) {
        if (!storage.exists(PrivateLayout.KEYSET_CHECK)) {
            return Optional.empty();
        }
        if (keys.isEmpty()) {
            throw RegistryException.of(ErrorCode.DENIED, asked + " is a tree of private repositories: its content is encrypted, and "
                    + "this registry has no keyset to read it (berth.encryption.keyset)", asked.toString());
        }
        PrivateTree tree = new PrivateTree(storage, keys.get(), name -> EncryptionMode.CONVERGENT);
        KeysetCheck keysetCheck = tree.checkKeyset(false);
        if (!keysetCheck.readable()) {
            throw RegistryException.of(ErrorCode.DENIED, asked + " is a tree of private repositories "
                    + keysetCheck.problem().orElseThrow(), asked.toString());
        }
        PrivateRepositories repositories = PrivateRepositories.readOnly(tree, check, json, manifests);
        RepositoryName name = asked.repository().orElseGet(() -> onlyRepository(repositories.catalog().names(), asked));
        return Optional.of(repositories.repository(name));
    }

    private static RepositoryName onlyRepository(SortedSet<RepositoryName> names, RemoteName asked) {
        if (names.size() != 1) {
            throw RegistryException.of(ErrorCode.NAME_UNKNOWN, asked + ": " + (names.isEmpty() ? "the private tree holds no repository"
                    : "the private tree holds several repositories; name one, as " + asked + "/<repository>"), asked.toString());
        }
        return names.first();
    }
}
