package dev.berth.registry.encryption.store;

import dev.berth.registry.encryption.store.PrivateTree.StoredBlob;
import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.repository.BlobContent;
import dev.berth.registry.repository.BlobInfo;
import dev.berth.registry.repository.Blobs;
import dev.berth.registry.repository.RangeRequest;
import dev.berth.registry.store.DigestCheck;
import java.util.Optional;

/**
 * {@link Blobs} of private repositories: plaintext sizes follow from the stored ciphertext's without
 * reading it; content is decrypted as it streams, whole (and then also hashed against its digest) or
 * a range (only the segments holding it are read). No content id is reported: IPFS holds the
 * ciphertext, not the bytes served.
 */
public final class PrivateBlobs implements Blobs {
    private final PrivateTree tree;
    private final PrivateSweepGuard guard;
    private final DigestCheck check;

    PrivateBlobs(PrivateTree tree, PrivateSweepGuard guard, DigestCheck check) {
        this.tree = tree;
        this.guard = guard;
        this.check = check;
    }

    @Override
    public Optional<BlobInfo> stat(RepositoryName repository, Digest digest) {
        guard.use(digest);
        return tree.blob(repository, digest).map(PrivateBlobs::info);
    }

    @Override
    public BlobContent open(RepositoryName repository, Digest digest, Optional<RangeRequest> range) {
        guard.use(digest);
        StoredBlob stored = tree.blob(repository, digest).orElseThrow(() -> unknown(repository, digest));
        BlobInfo info = info(stored);
        return new PrivateBlobContent(tree.storage().driver(), tree.ciphers(), stored, info, range.map(asked -> asked.resolve(info.size())),
                check);
    }

    @Override
    public void delete(RepositoryName repository, Digest digest) {
        boolean removed = false;
        for (RepositoryFolder folder : tree.folders(repository)) {
            removed |= tree.storage().delete(folder.layer(digest));
        }
        if (!removed) {
            throw unknown(repository, digest);
        }
    }

    private static BlobInfo info(StoredBlob stored) {
        try {
            return new BlobInfo(stored.digest(), stored.size(), Optional.empty());
        } catch (IllegalArgumentException notACiphertextSize) {
            throw RegistryException.of(ErrorCode.UNKNOWN, "the stored ciphertext of " + stored.digest() + " has an impossible size, "
                    + stored.info().size() + " bytes: it was damaged", stored.digest().toString());
        }
    }

    static RegistryException unknown(RepositoryName repository, Digest digest) {
        return RegistryException.of(ErrorCode.BLOB_UNKNOWN, "blob unknown to repository " + repository, digest.toString());
    }
}
