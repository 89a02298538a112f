package dev.berth.registry.encryption.store;

import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.DigestAlgorithm;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The sha256 of each staged upload's plaintext so far, updated as chunks arrive, so that completing
 * an upload need not decrypt it once more only to hash it. Only a shortcut: it is used when it
 * covers exactly the bytes staged, else the upload is decrypted and hashed. Callers hold the
 * upload's lock.
 */
final class StagedHashes {
    private static final int MAX_UPLOADS = 10_000;

    private static final class Running {
        final MessageDigest hash = DigestAlgorithm.SHA256.newMessageDigest();
        long size;
    }

    private final Map<String, Running> byUpload = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Running> eldest) {
            return size() > MAX_UPLOADS; // abandoned uploads must not hold memory for ever
        }
    };

    synchronized void begin(String key) {
        byUpload.put(key, new Running());
    }

    /** Where a chunk's plaintext goes to be hashed: the running hash when it covers the {@code stagedSize} bytes staged. */
    synchronized OutputStream tee(String key, long stagedSize) {
        Running running = byUpload.get(key);
        if (running == null || running.size != stagedSize) {
            byUpload.remove(key);
            return OutputStream.nullOutputStream();
        }
        return new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                running.hash.update(bytes, offset, length);
                running.size += length;
            }
        };
    }

    /** The upload's digest when the running hash covers exactly {@code size} bytes in this algorithm; forgets it. */
    synchronized Optional<Digest> finish(String key, DigestAlgorithm algorithm, long size) {
        Running running = byUpload.remove(key);
        if (running == null || running.size != size || algorithm != DigestAlgorithm.SHA256) {
            return Optional.empty();
        }
        return Optional.of(Digest.of(algorithm, running.hash));
    }

    synchronized void forget(String key) {
        byUpload.remove(key);
    }
}
