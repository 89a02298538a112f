package dev.berth.registry.blobs;

import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.metrics.RegistryMetrics.Mismatch;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.store.DigestCheck;
import dev.berth.registry.store.RegistryStorage;
import dev.berth.registry.store.SweepGuard;
import dev.berth.storage.FileInfo;
import dev.berth.storage.FileWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The local store's content: bytes stored once under their digest whoever uses them, and the
 * links that make a blob part of a repository. A blob is visible in a repository only while both
 * exist. The uploads and manifests of the local store keep their content here.
 */
public final class BlobStore {
    private final RegistryStorage storage;
    private final SweepGuard guard;
    private final DigestCheck check;

    public BlobStore(RegistryStorage storage, SweepGuard guard, DigestCheck check) {
        this.storage = storage;
        this.guard = guard;
        this.check = check;
    }

    RegistryStorage storage() {
        return storage;
    }

    DigestCheck check() {
        return check;
    }

    /** The stored content as the driver reports it (size, and CID on IPFS), when the repository holds it. */
    public Optional<FileInfo> statIn(RepositoryName repository, Digest digest) {
        guard.use(digest);
        if (!storage.exists(RegistryLayout.layerLink(repository, digest))) {
            return Optional.empty();
        }
        return storage.stat(RegistryLayout.blobData(digest));
    }

    /**
     * The stored content's size when the repository holds it: what a manifest push checks of each
     * blob it names, known without a look-up for blobs this process stored or read.
     */
    public Optional<Long> sizeIn(RepositoryName repository, Digest digest) {
        guard.use(digest);
        if (!storage.exists(RegistryLayout.layerLink(repository, digest))) {
            return Optional.empty();
        }
        return storage.size(RegistryLayout.blobData(digest));
    }

    /** Whether any repository's push stored this content. */
    public boolean isStored(Digest digest) {
        guard.use(digest);
        return storage.exists(RegistryLayout.blobData(digest));
    }

    /** What storage reports of the blob's data (size, and CID on IPFS), whichever repositories hold it. */
    public Optional<FileInfo> stat(Digest digest) {
        return storage.stat(RegistryLayout.blobData(digest));
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

    /** Makes a stored blob part of the repository; nothing to write when this process knows it already is. */
    public void link(RepositoryName repository, Digest digest) {
        String link = RegistryLayout.layerLink(repository, digest);
        if (!storage.knownToExist(link)) {
            storage.write(link, digest.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Commits a writer's verified content as the blob's data, in one step and always: a blob stored
     * corrupt is replaced by the right bytes when they are pushed again.
     */
    public void commit(FileWriter verified, Digest digest) {
        storage.commit(verified, RegistryLayout.blobData(digest));
    }

    /** Removes the blob from the repository (its content stays for other repositories); false when it was not there. */
    public boolean unlink(RepositoryName repository, Digest digest) {
        return storage.delete(RegistryLayout.layer(repository, digest));
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

    /**
     * Stores small verified content (a manifest) under its digest, unless this process knows it is
     * there. Without asking first: a new manifest costs no look-up, and a copy stored corrupt is
     * repaired by pushing it again.
     */
    public void storeSmall(Digest digest, byte[] content) {
        guard.use(digest);
        if (!storage.knownToExist(RegistryLayout.blobData(digest))) {
            storage.write(RegistryLayout.blobData(digest), content);
        }
    }

    /** Reads small content (a manifest) and checks it against its digest before anyone sees it; empty when it is not stored. */
    public Optional<byte[]> readSmallVerified(Digest digest) {
        Optional<byte[]> content = storage.read(RegistryLayout.blobData(digest));
        content.ifPresent(bytes -> check.require(Mismatch.MANIFEST_READ, digest, Digest.of(digest.algorithm(), bytes), "manifest"));
        return content;
    }
}
