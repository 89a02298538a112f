package dev.berth.registry.uploads;

import dev.berth.registry.repository.UploadId;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.DigestAlgorithm;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.layout.RegistryLayout;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The sha256 of each upload so far, updated as its chunks stream in, so that completing an upload
 * need not read all of it back from storage to hash it.
 *
 * <p>Only a shortcut: a running hash is used when it covers exactly the bytes the driver holds, and
 * dropped otherwise (a chunk served by another registry process, a write that failed half-way, a
 * restart), in which case the upload is read back and hashed as before. Callers hold the upload's
 * lock.
 */
final class RunningHashes {
    private static final int MAX_UPLOADS = 10_000;

    private static final class Running {
        final MessageDigest hash = DigestAlgorithm.SHA256.newMessageDigest();
        final RepositoryName repository;
        long size;

        Running(RepositoryName repository) {
            this.repository = repository;
        }
    }

    private final Map<UploadId, Running> byUpload = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UploadId, Running> eldest) {
            return size() > MAX_UPLOADS; // abandoned uploads must not hold memory for ever
        }
    };

    /** A new upload, empty so far. */
    synchronized void begin(UploadId id) {
        byUpload.put(id, new Running(null));
    }

    /** A new upload of the repository, empty so far: nothing is stored for it until its first chunk. */
    synchronized void begin(RepositoryName repository, UploadId id) {
        byUpload.put(id, new Running(repository));
    }

    /**
     * Whether this process started the upload in the repository and no byte has reached it since, so
     * that its first chunk starts a new file instead of looking for stored bytes. Another process's
     * chunk would go unseen here; the digest check at completion still refuses what does not match.
     */
    synchronized boolean isKnownEmpty(RepositoryName repository, UploadId id) {
        Running running = byUpload.get(id);
        return running != null && running.size == 0 && repository.equals(running.repository);
    }

    /**
     * Where a chunk of the upload should be written: {@code writer} itself, teed into the running
     * hash when that hash covers the {@code storedSize} bytes already stored.
     */
    synchronized OutputStream tee(UploadId id, long storedSize, OutputStream writer) {
        Running running = byUpload.get(id);
        if (running == null || running.size != storedSize) {
            byUpload.remove(id);
            return writer;
        }
        return new FilterOutputStream(writer) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
                running.hash.update(bytes, offset, length);
                running.size += length;
            }

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }
        };
    }

    /** The upload's digest in {@code algorithm} when the running hash covers exactly {@code size} bytes; forgets it. */
    synchronized Optional<Digest> finish(UploadId id, DigestAlgorithm algorithm, long size) {
        Running running = byUpload.remove(id);
        if (running == null || running.size != size || algorithm != DigestAlgorithm.SHA256) {
            return Optional.empty();
        }
        return Optional.of(Digest.of(algorithm, running.hash));
    }

    synchronized void forget(UploadId id) {
        byUpload.remove(id);
    }

    /** Forgets the upload whose folder key is {@code folderKey} (garbage collection expired it). */
    synchronized void forgetFolder(String folderKey) {
        byUpload.keySet().removeIf(id -> RegistryLayout.UploadFolder.keyOf(id).equals(folderKey));
    }
}
