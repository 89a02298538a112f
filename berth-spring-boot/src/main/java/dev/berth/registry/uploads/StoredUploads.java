package dev.berth.registry.uploads;

import dev.berth.registry.blobs.BlobStore;
import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.Fact;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.layout.RegistryLayout.UploadFolder;
import dev.berth.registry.metrics.RegistryMetrics;
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
 * <p>The bytes of an upload stay pending in the driver under {@code /uploads/<id>/data} between
 * requests, hashed as they stream in ({@link RunningHashes}). Completing commits them there, checks
 * the digest (reading them back only when no running hash covers them) and moves them into the
 * blob store only when it matches; on any other outcome the upload folder is deleted, so no partial or
 * unverified blob is ever visible.
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
        metrics.openUploads(open::count);
    }

    @Override
    public UploadStatus start(RepositoryName repository) {
        UploadId id = UploadId.random();
        storage.write(RegistryLayout.uploadStarted(repository, id), Instant.now().toString().getBytes(StandardCharsets.UTF_8));
        try {
            storage.driver().writer(RegistryLayout.uploadData(repository, id), false).close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        hashes.begin(id);
        open.started(id);
        return new UploadStatus(id, 0);
    }

    /** Pushes a whole blob in one request; nothing is visible unless it hashes to {@code expected}. */
    @Override
    public Digest pushWhole(RepositoryName repository, Digest expected, UploadChunk chunk) {
        UploadId id = UploadId.random();
        String data = RegistryLayout.uploadData(repository, id);
        try {
            MessageDigest hash = expected.algorithm().newMessageDigest();
            FileWriter writer = storage.driver().writer(data, false);
            long size;
            try (writer) { // on failure the pending bytes go with the upload folder, below
                size = new DigestInputStream(chunk.body(), hash).transferTo(writer);
                checkLength(chunk, size);
                writer.commit();
            }
            requireDigest(repository, expected, Digest.of(expected.algorithm(), hash));
            publish(repository, data, expected, size);
            return expected;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            storage.delete(RegistryLayout.upload(repository, id));
        }
    }

    @Override
    public UploadStatus status(RepositoryName repository, UploadId id) {
        return locked(id, () -> {
            try (FileWriter writer = resume(repository, id)) {
                return new UploadStatus(id, writer.size());
            }
        });
    }

    /** Appends a chunk, which must start where the upload stands (a gap or an overlap is refused). */
    @Override
    public UploadStatus append(RepositoryName repository, UploadId id, UploadChunk chunk) {
        return locked(id, () -> {
            try (FileWriter writer = resume(repository, id)) {
                appendTo(writer, repository, id, chunk);
                return new UploadStatus(id, writer.size());
            }
        });
    }

    /**
     * Appends the last chunk, if any, then publishes the blob when the whole upload hashes to
     * {@code expected}. The upload is gone afterwards, whatever the outcome.
     */
    @Override
    public Digest complete(RepositoryName repository, UploadId id, Digest expected, UploadChunk lastChunk) {
        return locked(id, () -> {
            String data = RegistryLayout.uploadData(repository, id);
            boolean keep = false;
            try {
                FileWriter writer = resume(repository, id);
                long size;
                try (writer) {
                    appendTo(writer, repository, id, lastChunk);
                    size = writer.size();
                    writer.commit();
                }
                Optional<Digest> streamed = hashes.finish(id, expected.algorithm(), size);
                requireDigest(repository, expected, streamed.isPresent() ? streamed.get() : hashOf(data, expected));
                publish(repository, data, expected, size);
                return expected;
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
        locked(id, () -> {
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

    private void publish(RepositoryName repository, String verifiedData, Digest digest, long size) {
        guard.referencing(List.of(digest), () -> {
            blobs.adopt(verifiedData, digest);
            blobs.link(repository, digest);
            return null;
        });
        log.atInfo().setMessage("blob upload completed")
                .addKeyValue("repository", repository.toString())
                .addKeyValue("digest", digest.toString())
                .addKeyValue("size", size)
                .log();
    }

    private void appendTo(FileWriter writer, RepositoryName repository, UploadId id, UploadChunk chunk) throws IOException {
        long size = writer.size();
        if (chunk.range().isPresent()) {
            ContentRange range = chunk.range().get();
            if (range.first() != size) {
                throw RegistryException.of(ErrorCode.RANGE_INVALID,
                        "the chunk starts at " + range.first() + " but the upload holds " + size + " bytes", range.first() + "-" + range.last())
                        .with(new Fact.UploadProgress(size));
            }
            if (chunk.declaredLength().isPresent() && chunk.declaredLength().getAsLong() != range.length()) {
                throw RegistryException.of(ErrorCode.SIZE_INVALID,
                        "Content-Length " + chunk.declaredLength().getAsLong() + " does not match Content-Range " + range.first() + "-" + range.last());
            }
        }
        checkLength(chunk, chunk.body().transferTo(hashes.tee(id, size, writer)));
    }

    private static void checkLength(UploadChunk chunk, long received) {
        if (chunk.declaredLength().isPresent() && chunk.declaredLength().getAsLong() != received) {
            throw RegistryException.of(ErrorCode.SIZE_INVALID,
                    "received " + received + " bytes but Content-Length said " + chunk.declaredLength().getAsLong());
        }
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

    /** A writer continuing the upload; an upload that this repository did not start is unknown. */
    private FileWriter resume(RepositoryName repository, UploadId id) throws IOException {
        try {
            return storage.driver().writer(RegistryLayout.uploadData(repository, id), true);
        } catch (PathNotFoundException e) {
            throw unknownUpload(repository, id);
        }
    }

    private static RegistryException unknownUpload(RepositoryName repository, UploadId id) {
        return RegistryException.of(ErrorCode.BLOB_UPLOAD_UNKNOWN, "no upload with this id in repository " + repository, id.value());
    }

    private <T> T locked(UploadId id, UploadLocks.IoSupplier<T> action) {
        open.active(id);
        return locks.locked(UploadFolder.keyOf(id), action);
    }
}
