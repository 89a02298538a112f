package dev.berth.registry.encryption.store;

import dev.berth.registry.encryption.BlobFormat;
import dev.berth.registry.encryption.BlobHeader;
import dev.berth.registry.encryption.Ciphers;
import dev.berth.registry.encryption.DecryptionException;
import dev.berth.registry.encryption.store.PrivateTree.StoredBlob;
import dev.berth.registry.metrics.RegistryMetrics.Mismatch;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.repository.BlobContent;
import dev.berth.registry.repository.BlobInfo;
import dev.berth.registry.repository.ByteRange;
import dev.berth.registry.repository.CorruptBlobException;
import dev.berth.registry.store.DigestCheck;
import dev.berth.storage.StorageDriver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A private blob about to be served. Decryption authenticates each segment before any of its bytes
 * are released and binds the whole to its digest, so that no byte that was not encrypted as this
 * digest's content is ever sent. A whole blob is also hashed as it streams, with its last buffer
 * held back until the hash matches, as for public blobs. A range reads only the ciphertext segments
 * holding it. Content that does not decrypt fails before a byte is written: the client gets an OCI
 * error, not garbage.
 */
final class PrivateBlobContent implements BlobContent {
    private static final int BUFFER = 64 * 1024;

    private final StorageDriver driver;
    private final Ciphers ciphers;
    private final StoredBlob stored;
    private final BlobInfo info;
    private final Optional<ByteRange> range;
    private final DigestCheck check;
    private boolean written;

    PrivateBlobContent(StorageDriver driver, Ciphers ciphers, StoredBlob stored, BlobInfo info, Optional<ByteRange> range,
                       DigestCheck check) {
        this.driver = driver;
        this.ciphers = ciphers;
        this.stored = stored;
        this.info = info;
        this.range = range;
        this.check = check;
    }

    @Override
    public BlobInfo info() {
        return info;
    }

    @Override
    public Optional<ByteRange> range() {
        return range;
    }

    @Override
    public void transferTo(OutputStream out) throws IOException {
        try {
            if (range.isPresent()) {
                transferRange(range.get(), out);
            } else {
                transferWhole(out);
            }
        } catch (DecryptionException e) {
            if (written) {
                throw e; // the response is cut short; nothing more can be said to the client
            }
            throw Undecryptable.of(ciphers, "the blob " + info.digest(), e, keyIdOf());
        }
    }

    private void transferRange(ByteRange asked, OutputStream out) throws IOException {
        try (InputStream plaintext = ciphers.blobs().decryptRange(
                (offset, length) -> driver.reader(stored.path(), offset, length),
                stored.info().size(), stored.mode(), info.digest(), asked.first(), asked.length())) {
            byte[] buffer = new byte[BUFFER];
            int read;
            while ((read = plaintext.read(buffer)) != -1) {
                out.write(buffer, 0, read);
                written = true;
            }
        }
    }

    private void transferWhole(OutputStream out) throws IOException {
        Digest digest = info.digest();
        MessageDigest hash = digest.algorithm().newMessageDigest();
        byte[] buffer = new byte[BUFFER];
        byte[] held = new byte[BUFFER];
        int heldLength = 0;
        long size = 0;
        try (InputStream plaintext = ciphers.blobs().decryptForCallerCheckingDigest(driver.reader(stored.path(), 0), digest)) {
            int read;
            while ((read = plaintext.readNBytes(buffer, 0, buffer.length)) > 0) {
                hash.update(buffer, 0, read);
                if (heldLength > 0) {
                    out.write(held, 0, heldLength);
                    written = true;
                }
                byte[] swap = held;
                held = buffer;
                buffer = swap;
                heldLength = read;
                size += read;
            }
        }
        Digest actual = Digest.of(digest.algorithm(), hash);
        if (!check.matches(Mismatch.BLOB_READ, digest, actual, size + " of " + info.size() + " bytes decrypted") || size != info.size()) {
            throw new CorruptBlobException(digest, actual.toString(), size, info.size());
        }
        out.write(held, 0, heldLength);
    }

    /** The key the blob names in its header, when its first bytes can be read. */
    private OptionalInt keyIdOf() {
        try (InputStream header = driver.reader(stored.path(), 0, BlobFormat.PREFIX_LENGTH)) {
            return OptionalInt.of(BlobHeader.parse(header.readNBytes(BlobFormat.PREFIX_LENGTH)).keyId());
        } catch (IOException unreadable) {
            return OptionalInt.empty();
        }
    }
}
