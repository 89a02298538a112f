package dev.berth.registry.encryption.store;

import dev.berth.registry.encryption.BlobEncryptingStream;
import dev.berth.registry.encryption.Ciphers;
import dev.berth.registry.encryption.EncryptionMode;
import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.Fact;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.metrics.RegistryMetrics.Mismatch;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.repository.ContentRange;
import dev.berth.registry.repository.Repository;
import dev.berth.registry.repository.UploadChunk;
import dev.berth.registry.repository.UploadId;
import dev.berth.registry.repository.UploadStatus;
import dev.berth.registry.repository.Uploads;
import dev.berth.registry.store.DigestCheck;
import dev.berth.registry.uploads.UploadLocks;
import dev.berth.storage.FileWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Uploads} of private repositories. Chunks are staged encrypted on local disk
 * ({@link StagingArea}); completing an upload checks the digest of its plaintext (hashed as the
 * chunks came, or else decrypted and hashed), and only then encrypts it for good, under its digest,
 * in one piece into the private tree: the same plaintext becomes the same ciphertext, and on IPFS
 * the same CIDs, on every node with the keyset (convergent repositories). A blob the tree already
 * holds under the repository's scheme is not written again.
 */
public final class PrivateUploads implements Uploads {
    private static final Logger log = LoggerFactory.getLogger(PrivateUploads.class);

    private final PrivateTree tree;
    private final StagingArea staging;
    private final PrivateSweepGuard guard;
    private final DigestCheck check;
    private final UploadLocks locks = new UploadLocks();
    private final StagedHashes hashes = new StagedHashes();

    PrivateUploads(PrivateTree tree, StagingArea staging, PrivateSweepGuard guard, DigestCheck check) {
        this.tree = tree;
        this.staging = staging;
        this.guard = guard;
        this.check = check;
    }

    @Override
    public UploadStatus start(RepositoryName repository) {
        UploadId id = UploadId.random();
        String key = StagingArea.keyOf(repository, id);
        unchecked(() -> {
            staging.create(key);
            return null;
        });
        hashes.begin(key);
        return new UploadStatus(id, 0);
    }

    @Override
    public Digest pushWhole(RepositoryName repository, Digest expected, UploadChunk chunk) {
        String key = StagingArea.keyOf(repository, UploadId.random());
        return unchecked(() -> {
            try {
                staging.create(key);
                hashes.begin(key);
                appendTo(key, chunk);
                publish(repository, key, expected);
                return expected;
            } finally {
                hashes.forget(key);
                staging.delete(key);
            }
        });
    }

    @Override
    public UploadStatus status(RepositoryName repository, UploadId id) {
        String key = StagingArea.keyOf(repository, id);
        return locks.locked(key, () -> new UploadStatus(id, requireStaged(repository, id, key)));
    }

    @Override
    public UploadStatus append(RepositoryName repository, UploadId id, UploadChunk chunk) {
        String key = StagingArea.keyOf(repository, id);
        return locks.locked(key, () -> {
            requireStaged(repository, id, key);
            return new UploadStatus(id, appendTo(key, chunk));
        });
    }

    @Override
    public Digest complete(RepositoryName repository, UploadId id, Digest expected, UploadChunk lastChunk) {
        String key = StagingArea.keyOf(repository, id);
        return locks.locked(key, () -> {
            requireStaged(repository, id, key);
            boolean keep = false;
            try {
                appendTo(key, lastChunk);
                publish(repository, key, expected);
                return expected;
            } catch (RegistryException e) {
                // a chunk in the wrong place changed nothing: the client may ask where the upload stands and go on
                keep = e.code() == ErrorCode.RANGE_INVALID;
                throw e;
            } finally {
                if (!keep) {
                    hashes.forget(key);
                    staging.delete(key);
                }
            }
        });
    }

    @Override
    public void cancel(RepositoryName repository, UploadId id) {
        String key = StagingArea.keyOf(repository, id);
        locks.locked(key, () -> {
            hashes.forget(key);
            if (!staging.delete(key)) {
                throw unknownUpload(repository, id);
            }
            return null;
        });
    }

    /**
     * Links a blob the private tree already holds under this repository's scheme; anything else
     * (a blob only public, or held only under another scheme) is uploaded again by the client, so
     * that a random-key repository never shares a convergent ciphertext, nor the reverse.
     */
    @Override
    public boolean mount(RepositoryName repository, Digest digest, Optional<Repository> source) {
        return guard.referencing(List.of(digest), () -> {
            RepositoryFolder home = tree.home(repository);
            boolean available = source.map(from -> from.blobs().stat(from.name(), digest).isPresent()).orElse(true)
                    && tree.holdsData(digest, home.scheme());
            if (available) {
                link(home, digest);
            }
            return available;
        });
    }

    /**
     * Removes staged uploads no request came to since the cutoff, waiting for a request in progress
     * on one; returns how many (or, in a dry run, how many it would).
     */
    int expireIdle(Instant cutoff, boolean dryRun) {
        int expired = 0;
        for (String key : unchecked(() -> staging.idleSince(cutoff))) {
            if (dryRun || locks.locked(key, () -> {
                hashes.forget(key);
                return staging.delete(key);
            })) {
                expired++;
            }
        }
        return expired;
    }

    /** Appends a chunk, which must start where the upload stands; returns the upload's new size. */
    private long appendTo(String key, UploadChunk chunk) throws IOException {
        long size = staging.size(key);
        if (chunk.range().isPresent()) {
            ContentRange range = chunk.range().get();
            if (range.first() != size) {
                throw RegistryException.of(ErrorCode.RANGE_INVALID, "the chunk starts at " + range.first() + " but the upload holds "
                        + size + " bytes", range.first() + "-" + range.last()).with(new Fact.UploadProgress(size));
            }
            if (chunk.declaredLength().isPresent() && chunk.declaredLength().getAsLong() != range.length()) {
                throw RegistryException.of(ErrorCode.SIZE_INVALID, "Content-Length " + chunk.declaredLength().getAsLong()
                        + " does not match Content-Range " + range.first() + "-" + range.last());
            }
        }
        long received = staging.append(key, chunk.body(), tree.ciphers().blobs(), hashes.tee(key, size));
        if (chunk.declaredLength().isPresent() && chunk.declaredLength().getAsLong() != received) {
            throw RegistryException.of(ErrorCode.SIZE_INVALID,
                    "received " + received + " bytes but Content-Length said " + chunk.declaredLength().getAsLong());
        }
        return size + received;
    }

    /** Checks the staged upload against its digest, then encrypts it into the tree and links it to the repository. */
    private void publish(RepositoryName repository, String key, Digest expected) throws IOException {
        long size = staging.size(key);
        Optional<Digest> streamed = hashes.finish(key, expected.algorithm(), size);
        Digest actual = streamed.isPresent() ? streamed.get() : hashOfStaged(key, expected);
        check.require(Mismatch.UPLOAD, expected, actual, repository.value());
        guard.referencing(List.of(expected), () -> {
            RepositoryFolder home = tree.home(repository);
            // Written again even when stored, one writer at a time: pushing a blob again repairs a copy
            // damaged in storage (a convergent blob comes out as the same bytes, so the same CIDs).
            tree.locked(PrivateLayout.blobData(home.scheme().blobKey(expected)), () -> unchecked(() -> {
                store(key, expected, home, tree.mode(repository));
                return null;
            }));
            link(home, expected);
            return null;
        });
        log.atInfo().setMessage("private blob upload completed")
                .addKeyValue("repository", repository.toString())
                .addKeyValue("digest", expected.toString())
                .addKeyValue("size", size)
                .log();
    }

    /** Encrypts the verified plaintext under its digest into a new file, made visible only once whole. */
    private void store(String key, Digest digest, RepositoryFolder home, EncryptionMode mode) throws IOException {
        Ciphers ciphers = tree.ciphers();
        FileWriter writer = tree.storage().driver().writer(PrivateLayout.blobData(home.scheme().blobKey(digest)), false);
        try (InputStream plaintext = staging.plaintext(key, ciphers.blobs())) {
            BlobEncryptingStream encrypted = ciphers.blobs().encrypt(writer, digest, mode);
            StagingArea.copy(plaintext, encrypted);
            encrypted.finish();
            writer.commit();
        } catch (IOException | RuntimeException e) {
            writer.cancel();
            throw e;
        }
    }

    /** Records that the blob belongs to the repository: its digest, sealed. */
    private void link(RepositoryFolder home, Digest digest) {
        String layer = home.layer(digest);
        tree.seal(layer, home.layerBinding(layer), tree.mode(home.name()), digest.toString().getBytes(StandardCharsets.UTF_8));
        tree.ensureNamed(home);
    }

    private Digest hashOfStaged(String key, Digest expected) throws IOException {
        MessageDigest hash = expected.algorithm().newMessageDigest();
        try (InputStream in = new DigestInputStream(staging.plaintext(key, tree.ciphers().blobs()), hash)) {
            StagingArea.copy(in, OutputStream.nullOutputStream());
        }
        return Digest.of(expected.algorithm(), hash);
    }

    private long requireStaged(RepositoryName repository, UploadId id, String key) throws IOException {
        if (!staging.exists(key)) {
            throw unknownUpload(repository, id);
        }
        return staging.size(key);
    }

    private static RegistryException unknownUpload(RepositoryName repository, UploadId id) {
        return RegistryException.of(ErrorCode.BLOB_UPLOAD_UNKNOWN, "no upload with this id in repository " + repository, id.value());
    }

    private interface IoCall<T> {
        T call() throws IOException;
    }

    private static <T> T unchecked(IoCall<T> call) {
        try {
            return call.call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
