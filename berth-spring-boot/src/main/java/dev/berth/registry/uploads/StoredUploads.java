package dev.berth.registry.uploads;

import dev.berth.registry.blobs.BlobStore;
import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.layout.RegistryLayout.UploadFolder;
import dev.berth.registry.metrics.RegistryMetrics;
import dev.berth.registry.metrics.RegistryMetrics.Mismatch;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.repository.Repository;
import dev.berth.registry.repository.UploadChunk;
import dev.berth.registry.repository.UploadId;
import dev.berth.registry.repository.UploadStatus;
import dev.berth.registry.repository.Uploads;
import dev.berth.registry.store.DigestCheck;
import dev.berth.registry.store.RegistryStorage;
import dev.berth.registry.store.SweepGuard;
import dev.berth.storage.FileWriter;
import dev.berth.storage.PathNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Uploads} of the local store: started, fed in chunks, completed against a digest, or cancelled.
 *
 * <p>Starting an upload stores only its start time ({@code started}, for garbage collection's
 * expiry); its bytes stay pending in the driver under {@code /uploads/<name>/_<key>/data} between
 * requests, hashed as they stream in ({@link RunningHashes}). Completing checks the digest first
 * (reading the bytes back only when no running hash covers them) and only then commits them straight
 * to the blob's place ({@link BlobStore#commit}); on any other outcome the pending bytes are dropped
 * with the upload, so no partial or unverified blob is ever visible. A monolithic push has no upload
 * folder at all. Requests on one upload never interleave: a second one while the first runs is
 * refused at once ({@code TOOMANYREQUESTS}), so a slow client holds no lock anyone else waits for.
 */
public final class StoredUploads implements Uploads {
    private static final Logger log = LoggerFactory.getLogger(StoredUploads.class);

    private final RegistryStorage storage;
    private final BlobStore blobs;
    private final SweepGuard guard;
    private final DigestCheck check;
    private final RunningHashes hashes = new RunningHashes();
    private final OpenUploads open = new OpenUploads();
    private final UploadLocks locks;

    public StoredUploads(RegistryStorage storage, BlobStore blobs, SweepGuard guard, DigestCheck check, UploadLocks locks,
                         RegistryMetrics metrics) {
        this.storage = storage;
        this.blobs = blobs;
        this.guard = guard;
        this.check = check;
        this.locks = locks;
        locks.onChangedElsewhere(hashes::forgetFolder);
        metrics.openUploads(open::count);
    }

    @Override
    public UploadStatus start(RepositoryName repository) {
        UploadId id = UploadId.random();
        storage.write(RegistryLayout.uploadStarted(repository, id), Instant.now().toString().getBytes(StandardCharsets.UTF_8));
        hashes.begin(repository, id);
        open.started(id);
        return new UploadStatus(id, 0);
    }

    /**
     * Pushes a whole blob in one request; nothing is visible unless it hashes to {@code expected}. The
     * bytes are pending under a fresh upload id of which nothing else is ever stored, and committed
     * straight to the blob's place once verified.
     */
    @Override
    public Digest pushWhole(RepositoryName repository, Digest expected, UploadChunk chunk) {
        try {
            FileWriter writer = storage.driver().writer(RegistryLayout.uploadData(repository, UploadId.random()), false);
            try {
                MessageDigest hash = expected.algorithm().newMessageDigest();
                long size = new DigestInputStream(chunk.body(), hash).transferTo(writer);
                UploadChunks.checkLength(chunk, size);
                requireDigest(repository, expected, Digest.of(expected.algorithm(), hash));
                publish(repository, writer, expected, size);
                return expected;
            } catch (IOException | RuntimeException e) {
                UploadChunks.cancelQuietly(writer);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public UploadStatus status(RepositoryName repository, UploadId id) {
        return locked(repository, id, () -> {
            if (!hashes.isKnownEmpty(repository, id)) {
                try (FileWriter writer = storage.driver().writer(RegistryLayout.uploadData(repository, id), true)) {
                    return new UploadStatus(id, writer.size());
                } catch (PathNotFoundException noBytesYet) {
                    // an upload that holds nothing yet, or none at all: its start time says which
                }
            }
            if (!storage.exists(RegistryLayout.uploadStarted(repository, id))) {
                throw unknownUpload(repository, id);
            }
            return new UploadStatus(id, 0);
        });
    }

    /**
     * Appends a chunk, which must start where the upload stands (a gap or an overlap is refused). A
     * chunk whose body is not as long as it said was partly taken before that showed: the upload ends
     * (BLOB_UPLOAD_INVALID), so that no byte of a refused chunk is ever part of a blob.
     */
    @Override
    public UploadStatus append(RepositoryName repository, UploadId id, UploadChunk chunk) {
        return locked(repository, id, () -> {
            FileWriter writer = resume(repository, id);
            long before = writer.size();
            try (writer) {
                appendTo(writer, id, chunk);
                return new UploadStatus(id, writer.size());
            } catch (RegistryException refused) {
                if (writer.size() == before) {
                    throw refused;
                }
                UploadChunks.cancelQuietly(writer);
                open.ended(id);
                hashes.forget(id);
                storage.delete(RegistryLayout.upload(repository, id));
                throw RegistryException.of(ErrorCode.BLOB_UPLOAD_INVALID, refused.getMessage() + "; the upload is dropped: start again", id.value());
            }
        });
    }

    /**
     * Appends the last chunk, if any, then publishes the blob when the whole upload hashes to
     * {@code expected}. The upload is gone afterwards, whatever the outcome.
     */
    @Override
    public Digest complete(RepositoryName repository, UploadId id, Digest expected, UploadChunk lastChunk) {
        return locked(repository, id, () -> {
            boolean keep = false;
            try {
                FileWriter writer = resume(repository, id);
                try {
                    appendTo(writer, id, lastChunk);
                    long size = writer.size();
                    Optional<Digest> streamed = hashes.finish(id, expected.algorithm(), size);
                    if (streamed.isPresent()) {
                        requireDigest(repository, expected, streamed.get());
                        publish(repository, writer, expected, size);
                    } else {
                        // No running hash covers the bytes (another process took a chunk, or a restart):
                        // commit them among uploads, hash them back, then move them in.
                        String data = RegistryLayout.uploadData(repository, id);
                        writer.commit();
                        requireDigest(repository, expected, hashOf(data, expected));
                        guard.referencing(List.of(expected), () -> {
                            blobs.adopt(data, expected);
                            blobs.link(repository, expected);
                            return null;
                        });
                        logCompleted(repository, expected, size);
                    }
                    return expected;
                } catch (IOException | RuntimeException e) {
                    if (e instanceof RegistryException refused && refused.code() == ErrorCode.RANGE_INVALID) {
                        writer.close(); // the chunk in the wrong place changed nothing: what is pending stays
                    } else {
                        UploadChunks.cancelQuietly(writer);
                    }
                    throw e;
                }
            } catch (RegistryException e) {
                // a chunk in the wrong place changed nothing: the client may ask where the upload stands and go on
                keep = e.code() == ErrorCode.RANGE_INVALID;
                throw e;
            } finally {
                if (!keep) {
                    open.ended(id);
                    hashes.forget(id);
                    storage.delete(RegistryLayout.upload(repository, id));
                }
            }
        });
    }

    @Override
    public void cancel(RepositoryName repository, UploadId id) {
        locked(repository, id, () -> {
            open.ended(id);
            hashes.forget(id);
            if (!storage.delete(RegistryLayout.upload(repository, id))) {
                throw unknownUpload(repository, id);
            }
            return null;
        });
    }

    @Override
    public boolean mount(RepositoryName repository, Digest digest, Optional<Repository> source) {
        return guard.referencing(List.of(digest), () -> {
            // a source of another kind may hold the blob without this store having its bytes: then the client uploads
            boolean available = source.map(from -> from.blobs().stat(from.name(), digest).isPresent()).orElse(true)
                    && blobs.isStored(digest);
            if (available) {
                blobs.link(repository, digest);
            }
            return available;
        });
    }

    /** Commits verified bytes as the blob and links it to the repository; garbage collection keeps out meanwhile. */
    private void publish(RepositoryName repository, FileWriter verified, Digest digest, long size) {
        guard.referencing(List.of(digest), () -> {
            blobs.commit(verified, digest);
            blobs.link(repository, digest);
            return null;
        });
        logCompleted(repository, digest, size);
    }

    private static void logCompleted(RepositoryName repository, Digest digest, long size) {
        log.atInfo().setMessage("blob upload completed")
                .addKeyValue("repository", repository.toString())
                .addKeyValue("digest", digest.toString())
                .addKeyValue("size", size)
                .log();
    }

    private void appendTo(FileWriter writer, UploadId id, UploadChunk chunk) throws IOException {
        UploadChunks.append(chunk, writer.size(), hashes.tee(id, writer.size(), writer));
    }

    private Digest hashOf(String path, Digest expected) throws IOException {
        MessageDigest hash = expected.algorithm().newMessageDigest();
        try (InputStream in = new DigestInputStream(storage.driver().reader(path, 0), hash)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return Digest.of(expected.algorithm(), hash);
    }

    private void requireDigest(RepositoryName repository, Digest expected, Digest actual) {
        check.require(Mismatch.UPLOAD, expected, actual, repository.toString());
    }

    /**
     * A writer continuing the upload. An upload this process started and that holds nothing yet starts
     * a new file; any other is looked for in storage, and one that this repository did not start is unknown.
     */
    private FileWriter resume(RepositoryName repository, UploadId id) throws IOException {
        String data = RegistryLayout.uploadData(repository, id);
        if (hashes.isKnownEmpty(repository, id)) {
            return storage.driver().writer(data, false);
        }
        try {
            return storage.driver().writer(data, true);
        } catch (PathNotFoundException noBytesYet) {
            if (storage.exists(RegistryLayout.uploadStarted(repository, id))) {
                return storage.driver().writer(data, false);
            }
            throw unknownUpload(repository, id);
        }
    }

    private static RegistryException unknownUpload(RepositoryName repository, UploadId id) {
        return RegistryException.of(ErrorCode.BLOB_UPLOAD_UNKNOWN, "no upload with this id in repository " + repository, id.value());
    }

    /** Runs the request holding the upload's lock; a request on an upload that another request holds is refused at once. */
    private <T> T locked(RepositoryName repository, UploadId id, UploadLocks.IoSupplier<T> action) {
        open.active(id);
        return locks.tryLocked(UploadFolder.keyOf(id), () -> RegistryException.of(ErrorCode.TOOMANYREQUESTS,
                "another request on this upload is in progress; retry once it ends", id.value()), action);
    }
}
