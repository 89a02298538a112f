package dev.berth.registry.encryption.store;

import dev.berth.registry.encryption.BlobCipher;
import dev.berth.registry.encryption.BlobEncryptingStream;
import dev.berth.registry.encryption.SegmentedEncryptingStream;
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
import dev.berth.registry.uploads.UploadChunks;
import dev.berth.registry.uploads.UploadLocks;
import dev.berth.storage.FileWriter;
import dev.berth.storage.StorageDriver;
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
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Uploads} of private repositories.
 *
 * <p>Convergent repositories encrypt an upload for good as it arrives: each request's bytes go
 * through {@link BlobCipher#startConvergent} straight into pending content of the private storage
 * (on IPFS imported while the client sends, as public uploads are), hashed on the way; only the last
 * segment's plaintext waits on local disk for the next request ({@link StagingArea}). Completing
 * checks the digest and only then commits the ciphertext to the blob's place, so nothing unverified
 * becomes visible, and the same plaintext becomes the same ciphertext, and on IPFS the same CIDs,
 * on every node with the keyset however the client chunked it.
 *
 * <p>Random-key repositories stage every chunk encrypted on local disk; completing checks the
 * digest of the plaintext, then encrypts it under a key bound to that digest into the tree.
 */
public final class PrivateUploads implements Uploads {
    private static final Logger log = LoggerFactory.getLogger(PrivateUploads.class);

    /** Uploads up to this size wait whole on local disk and are encrypted into storage in one import when they complete. */
    static final long SMALL_UPLOAD = 4 * 1024 * 1024;

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
        if (tree.mode(repository) == EncryptionMode.CONVERGENT) {
            return unchecked(() -> {
                FileWriter writer = driver().writer(PrivateLayout.uploadData(key), false);
                try {
                    MessageDigest hash = expected.algorithm().newMessageDigest();
                    SegmentedEncryptingStream encrypting = tree.ciphers().blobs().startConvergent(writer);
                    long received = StagingArea.copy(new DigestInputStream(chunk.body(), hash), encrypting);
                    UploadChunks.checkLength(chunk, received);
                    encrypting.finish();
                    check.require(Mismatch.UPLOAD, expected, Digest.of(expected.algorithm(), hash), repository.value());
                    publishConvergent(repository, expected, received, path -> tree.storage().commit(writer, path));
                    return expected;
                } catch (IOException | RuntimeException e) {
                    UploadChunks.cancelQuietly(writer);
                    throw e;
                }
            });
        }
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
            if (tree.mode(repository) == EncryptionMode.CONVERGENT) {
                return new UploadStatus(id, continueConvergent(id, key, chunk, false).size());
            }
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
                if (tree.mode(repository) == EncryptionMode.CONVERGENT) {
                    completeConvergent(repository, id, key, expected, lastChunk);
                } else {
                    appendTo(key, lastChunk);
                    publish(repository, key, expected);
                }
                return expected;
            } catch (RegistryException e) {
                // a chunk in the wrong place changed nothing: the client may ask where the upload stands and go on
                keep = e.code() == ErrorCode.RANGE_INVALID;
                throw e;
            } finally {
                if (!keep) {
                    drop(key);
                }
            }
        });
    }

    @Override
    public void cancel(RepositoryName repository, UploadId id) {
        String key = StagingArea.keyOf(repository, id);
        locks.locked(key, () -> {
            if (!drop(key)) {
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
            if (dryRun || locks.locked(key, () -> drop(key))) {
                expired++;
            }
        }
        // Ciphertext committed among uploads to be hashed back, left by a process that died before it moved it in.
        for (String folder : tree.storage().list(PrivateLayout.UPLOADS)) {
            boolean stale = tree.storage().list(folder).stream().map(PrivateLayout::checkingSince)
                    .anyMatch(since -> since.isPresent() && since.get().isBefore(cutoff));
            String key = PrivateLayout.name(folder);
            if (stale && (dryRun || locks.locked(key, () -> {
                drop(key);
                return true;
            }))) {
                expired++;
            }
        }
        return expired;
    }

    /** Appends a chunk, which must start where the upload stands; returns the upload's new size. */
    private long appendTo(String key, UploadChunk chunk) throws IOException {
        long size = staging.size(key);
        UploadChunks.checkPlace(chunk, size);
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
        logCompleted(repository, expected, size);
    }

    private static void logCompleted(RepositoryName repository, Digest digest, long size) {
        log.atInfo().setMessage("private blob upload completed")
                .addKeyValue("repository", repository.toString())
                .addKeyValue("digest", digest.toString())
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
        List<StagingArea.Tail> tails = staging.tails(key);
        return tails.isEmpty() ? staging.size(key) : convergentSize(tails.getFirst());
    }

    /** The plaintext bytes of a convergent upload: its whole segments, and its tail. */
    private static long convergentSize(StagingArea.Tail tail) throws IOException {
        return BlobCipher.convergentPlaintextIn(tail.ciphertextSize()) + StagingArea.plaintextSize(tail);
    }

    /** Where a convergent upload stands after a request: its plaintext size, and the writer of its finished ciphertext, if last. */
    private record Continued(long size, FileWriter finished) {
    }

    /**
     * Encrypts a chunk of a convergent upload into its pending ciphertext, continuing from the tail
     * the last request held back, and holds back a new tail; or, for the {@code last} chunk,
     * finishes the ciphertext and hands its writer back still open. A chunk that ends short or long
     * drops the upload, as a chunk of a public one does.
     */
    private Continued continueConvergent(UploadId id, String key, UploadChunk chunk, boolean last) throws IOException {
        BlobCipher cipher = tree.ciphers().blobs();
        List<StagingArea.Tail> tails = staging.tails(key);
        Optional<StagingArea.Tail> tail = tails.isEmpty() ? Optional.empty() : Optional.of(tails.getFirst());
        long size = tail.isEmpty() ? 0 : convergentSize(tail.get());
        UploadChunks.checkPlace(chunk, size);
        long stored = tail.map(StagingArea.Tail::ciphertextSize).orElse(0L);
        int keyId = tail.map(StagingArea.Tail::keyId).orElse(cipher.keyset().primaryKeyId());
        long incoming = chunk.declaredLength().orElse(-1);
        if (!last && stored == 0 && incoming >= 0 && size + incoming <= SMALL_UPLOAD) {
            // A small upload waits whole, so that it costs one import when it completes.
            try (InputStream earlier = tail.isPresent() ? staging.open(key, tail.get(), cipher) : InputStream.nullInputStream()) {
                long received = staging.replaceTail(key, 0, keyId, earlier, chunk.body(), hashes.tee(key, size), cipher);
                UploadChunks.checkLength(chunk, received);
                return new Continued(size + received, null);
            } catch (RegistryException refused) {
                drop(key);
                throw dropped(refused, id);
            } catch (IOException | RuntimeException e) {
                drop(key);
                throw e;
            }
        }
        // Opened at the first whole segment: a request whose bytes are all held back writes nothing to storage.
        PendingCiphertext ciphertext = new PendingCiphertext(key, stored, id);
        try {
            SegmentedEncryptingStream encrypting = tail.isEmpty()
                    ? cipher.startConvergent(ciphertext)
                    : cipher.continueConvergent(ciphertext, keyId, stored, new byte[0]);
            if (tail.isPresent()) {
                try (InputStream held = staging.open(key, tail.get(), cipher)) {
                    StagingArea.copy(held, encrypting); // hashed when it came
                }
            }
            long received;
            try {
                received = StagingArea.copy(chunk.body(), new StagingArea.Tee(encrypting, hashes.tee(key, size)));
                UploadChunks.checkLength(chunk, received);
            } catch (RegistryException refused) {
                throw dropped(refused, id);
            }
            if (last) {
                encrypting.finish();
                return new Continued(size + received, ciphertext.writer());
            }
            staging.replaceTail(key, ciphertext.size(), keyId, encrypting.suspend(), cipher);
            ciphertext.close();
            staging.dropTailsOtherThan(key, ciphertext.size());
            return new Continued(size + received, null);
        } catch (IOException | RuntimeException e) {
            ciphertext.cancel();
            drop(key);
            throw e;
        }
    }

    /**
     * The pending ciphertext of a convergent upload in storage, continuing the {@code stored} bytes
     * earlier requests kept; the driver's writer is opened at the first write.
     */
    private final class PendingCiphertext extends OutputStream {
        private final String key;
        private final long stored;
        private final UploadId id;
        private FileWriter writer;

        PendingCiphertext(String key, long stored, UploadId id) {
            this.key = key;
            this.stored = stored;
            this.id = id;
        }

        @Override
        public void write(int b) throws IOException {
            writer().write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            writer().write(bytes, offset, length);
        }

        FileWriter writer() throws IOException {
            if (writer == null) {
                writer = driver().writer(PrivateLayout.uploadData(key), stored > 0);
                if (writer.size() != stored) {
                    // a request died between keeping its ciphertext and its tail: the two no longer fit
                    throw RegistryException.of(ErrorCode.BLOB_UPLOAD_INVALID, "the upload was left incomplete by a failure; start again",
                            id.value());
                }
            }
            return writer;
        }

        long size() {
            return writer == null ? stored : writer.size();
        }

        /** Keeps what was written pending in storage. */
        @Override
        public void close() throws IOException {
            if (writer != null) {
                writer.close();
            }
        }

        void cancel() {
            if (writer != null) {
                UploadChunks.cancelQuietly(writer);
            }
        }
    }

    /**
     * Appends the last chunk of a convergent upload, finishes its ciphertext, checks the digest and
     * commits the ciphertext to the blob's place.
     */
    private void completeConvergent(RepositoryName repository, UploadId id, String key, Digest expected, UploadChunk lastChunk)
            throws IOException {
        Continued continued = continueConvergent(id, key, lastChunk, true);
        long size = continued.size();
        FileWriter writer = continued.finished();
        try {
            Optional<Digest> streamed = hashes.finish(key, expected.algorithm(), size);
            if (streamed.isPresent()) {
                check.require(Mismatch.UPLOAD, expected, streamed.get(), repository.value());
                publishConvergent(repository, expected, size, path -> tree.storage().commit(writer, path));
                return;
            }
            // No running hash covers the bytes (a restart): keep them among uploads, hash them back, then move them in.
            String data = PrivateLayout.uploadBeingChecked(key, Instant.now());
            tree.storage().commit(writer, data);
            check.require(Mismatch.UPLOAD, expected, hashOfConvergent(data, expected), repository.value());
            publishConvergent(repository, expected, size, path -> tree.storage().move(data, path));
        } catch (IOException | RuntimeException e) {
            UploadChunks.cancelQuietly(writer);
            throw e;
        }
    }

    /** Puts verified ciphertext in the blob's place (written again even when stored: that repairs a damaged copy) and links it. */
    private void publishConvergent(RepositoryName repository, Digest digest, long size, Consumer<String> placeAt) {
        guard.referencing(List.of(digest), () -> {
            RepositoryFolder home = tree.home(repository);
            String path = PrivateLayout.blobData(home.scheme().blobKey(digest));
            tree.locked(path, () -> {
                placeAt.accept(path);
                return null;
            });
            link(home, digest);
            return null;
        });
        logCompleted(repository, digest, size);
    }

    private Digest hashOfConvergent(String path, Digest expected) throws IOException {
        MessageDigest hash = expected.algorithm().newMessageDigest();
        try (InputStream in = new DigestInputStream(tree.ciphers().blobs().decryptUnverified(driver().reader(path, 0)), hash)) {
            StagingArea.copy(in, OutputStream.nullOutputStream());
        }
        return Digest.of(expected.algorithm(), hash);
    }

    /** The refusal of a chunk that was partly taken before it showed: the upload is gone. */
    private static RegistryException dropped(RegistryException refused, UploadId id) {
        return RegistryException.of(ErrorCode.BLOB_UPLOAD_INVALID, refused.getMessage() + "; the upload is dropped: start again", id.value());
    }

    /** Removes an upload: its staged files and any ciphertext pending in storage; false when it was not there. */
    private boolean drop(String key) throws IOException {
        hashes.forget(key);
        boolean staged = staging.delete(key);
        tree.storage().delete(PrivateLayout.upload(key));
        return staged;
    }

    private StorageDriver driver() {
        return tree.storage().driver();
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
