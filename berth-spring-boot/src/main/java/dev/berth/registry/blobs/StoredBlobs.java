package dev.berth.registry.blobs;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.repository.BlobContent;
import dev.berth.registry.repository.BlobInfo;
import dev.berth.registry.repository.Blobs;
import dev.berth.registry.repository.RangeRequest;
import dev.berth.storage.FileInfo;
import java.util.Optional;

/** {@link Blobs} of the local store: content in the {@link BlobStore}, served with verification. */
public final class StoredBlobs implements Blobs {
    private final BlobStore store;

    public StoredBlobs(BlobStore store) {
        this.store = store;
    }

    @Override
    public Optional<BlobInfo> stat(RepositoryName repository, Digest digest) {
        return store.statIn(repository, digest).map(stored -> info(digest, stored));
    }

    @Override
    public BlobContent open(RepositoryName repository, Digest digest, Optional<RangeRequest> range) {
        FileInfo stored = store.statIn(repository, digest).orElseThrow(() -> unknown(repository, digest));
        return new VerifiedBlob(store.storage().driver(), RegistryLayout.blobData(digest), info(digest, stored),
                range.map(asked -> asked.resolve(stored.size())), store.check());
    }

    @Override
    public void delete(RepositoryName repository, Digest digest) {
        if (!store.unlink(repository, digest)) {
            throw unknown(repository, digest);
        }
    }

    private static BlobInfo info(Digest digest, FileInfo stored) {
        return new BlobInfo(digest, stored.size(), stored.contentId());
    }

    private static RegistryException unknown(RepositoryName repository, Digest digest) {
        return RegistryException.of(ErrorCode.BLOB_UNKNOWN, "blob unknown to repository " + repository, digest.toString());
    }
}
