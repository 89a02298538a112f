package dev.berth.registry.blobs;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.gc.SweepGuard;
import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.layout.RegistryStorage;
import dev.berth.registry.metrics.RegistryMetrics;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.storage.FileInfo;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Blobs: content stored once in the global store, and the links that make a blob part of a
 * repository. A blob is visible in a repository only while both exist.
 */
@Service
public class BlobStore {
    private static final Logger log = LoggerFactory.getLogger(BlobStore.class);

    private final RegistryStorage storage;
    private final SweepGuard guard;
    private final RegistryMetrics metrics;

    public BlobStore(RegistryStorage storage, SweepGuard guard, RegistryMetrics metrics) {
        this.storage = storage;
        this.guard = guard;
        this.metrics = metrics;
    }

    /** The blob's size when the repository holds it; a client that asks may rely on it next. */
    public Optional<Long> sizeIn(RepositoryName repository, Digest digest) {
        return statIn(repository, digest).map(FileInfo::size);
    }

    public long requireIn(RepositoryName repository, Digest digest) {
        return sizeIn(repository, digest).orElseThrow(() -> unknown(repository, digest));
    }

    /** The stored content as the driver reports it (size, and CID on IPFS), when the repository holds it. */
    private Optional<FileInfo> statIn(RepositoryName repository, Digest digest) {
        guard.use(digest);
        if (!storage.exists(RegistryLayout.layerLink(repository, digest))) {
            return Optional.empty();
        }
        return storage.stat(RegistryLayout.blobData(digest));
    }

    /** Whether any repository's push stored this content. */
    public boolean isStored(Digest digest) {
        guard.use(digest);
        return storage.exists(RegistryLayout.blobData(digest));
    }

    /** The stored content's identifier in the driver (its CID on IPFS), when the driver has one. */
    public Optional<String> contentId(Digest digest) {
        return storage.stat(RegistryLayout.blobData(digest)).flatMap(FileInfo::contentId);
    }

    /**
     * Adopts content verified elsewhere (a blob read from a tree on IPFS) by linking its content
     * identifier into the blob store, unless already stored; no bytes are copied.
     */
    public void adoptVerified(Digest digest, String contentId) {
        if (!isStored(digest)) {
            storage.linkContent(contentId, RegistryLayout.blobData(digest));
        }
    }

    /** Makes a stored blob part of the repository. */
    public void link(RepositoryName repository, Digest digest) {
        storage.write(RegistryLayout.layerLink(repository, digest), digest.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Removes the blob from the repository; its content stays for other repositories. */
    public void unlink(RepositoryName repository, Digest digest) {
        if (!storage.delete(RegistryLayout.layer(repository, digest))) {
            throw unknown(repository, digest);
        }
    }

    /**
     * Moves verified content into the blob store. When the store already holds the digest, the
     * copy is dropped instead: the same digest means the same bytes.
     */
    public void adopt(String verifiedPath, Digest digest) {
        if (isStored(digest)) {
            storage.delete(verifiedPath);
        } else {
            storage.move(verifiedPath, RegistryLayout.blobData(digest));
        }
    }

    /** Stores small verified content (a manifest) under its digest, unless already there. */
    public void storeSmall(Digest digest, byte[] content) {
        if (!isStored(digest)) {
            storage.write(RegistryLayout.blobData(digest), content);
        }
    }

    /** Reads small content (a manifest) and checks it against its digest before anyone sees it. */
    public byte[] readSmallVerified(Digest digest) {
        byte[] content = storage.read(RegistryLayout.blobData(digest)).orElseThrow(() ->
                RegistryException.of(ErrorCode.MANIFEST_UNKNOWN, "the manifest's content is missing from storage", digest.toString()));
        Digest actual = Digest.of(digest.algorithm(), content);
        if (!actual.equals(digest)) {
            metrics.digestMismatch(RegistryMetrics.Mismatch.MANIFEST_READ);
            log.error("Stored content of {} hashes to {}; refusing to serve it", digest, actual);
            throw RegistryException.of(ErrorCode.UNKNOWN, "stored content failed verification", digest.toString());
        }
        return content;
    }

    /** The blob, or the range of it, ready to stream with verification. */
    public VerifiedBlob open(RepositoryName repository, Digest digest, String rangeHeader) {
        FileInfo stored = statIn(repository, digest).orElseThrow(() -> unknown(repository, digest));
        ByteRange range = ByteRange.parse(rangeHeader, stored.size()).orElse(null);
        return new VerifiedBlob(storage.driver(), RegistryLayout.blobData(digest), digest, stored, range,
                () -> metrics.digestMismatch(RegistryMetrics.Mismatch.BLOB_READ));
    }

    private static RegistryException unknown(RepositoryName repository, Digest digest) {
        return RegistryException.of(ErrorCode.BLOB_UNKNOWN, "blob unknown to repository " + repository, digest.toString());
    }
}
