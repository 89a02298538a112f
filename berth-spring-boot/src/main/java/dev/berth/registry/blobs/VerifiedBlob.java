package dev.berth.registry.blobs;

import dev.berth.registry.metrics.RegistryMetrics.Mismatch;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.repository.CorruptBlobException;
import dev.berth.registry.repository.BlobContent;
import dev.berth.registry.repository.BlobInfo;
import dev.berth.registry.repository.ByteRange;
import dev.berth.registry.store.DigestCheck;
import dev.berth.storage.StorageDriver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * A stored blob about to be served, all or a range of it. The whole stored content is read and
 * hashed even for a range, because only the whole content can be checked against the digest; the
 * last buffer of output is held back until the check passes, so a corrupt blob never ends cleanly.
 */
final class VerifiedBlob implements BlobContent {
    private static final int BUFFER = 64 * 1024;

    private final StorageDriver driver;
    private final String path;
    private final BlobInfo info;
    private final Optional<ByteRange> range;
    private final DigestCheck check;

    VerifiedBlob(StorageDriver driver, String path, BlobInfo info, Optional<ByteRange> range, DigestCheck check) {
        this.driver = driver;
        this.path = path;
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
        Digest digest = info.digest();
        long size = info.size();
        long first = range.map(ByteRange::first).orElse(0L);
        long end = range.map(r -> r.last() + 1).orElse(size);
        MessageDigest hash = digest.algorithm().newMessageDigest();
        byte[] buffer = new byte[BUFFER];
        byte[] held = new byte[BUFFER];
        int heldLength = 0;
        long position = 0;
        try (InputStream in = driver.reader(path, 0)) {
            int read;
            while ((read = in.read(buffer)) != -1) {
                hash.update(buffer, 0, read);
                long from = Math.max(position, first);
                long to = Math.min(position + read, end);
                if (from < to) {
                    out.write(held, 0, heldLength);
                    byte[] swap = held;
                    held = buffer;
                    buffer = swap;
                    heldLength = (int) (to - position);
                    if (from > position) {
                        System.arraycopy(held, (int) (from - position), held, 0, (int) (to - from));
                        heldLength = (int) (to - from);
                    }
                }
                position += read;
            }
        }
        Digest actual = Digest.of(digest.algorithm(), hash);
        if (!check.matches(Mismatch.BLOB_READ, digest, actual, position + " of " + size + " bytes read") || position != size) {
            throw new CorruptBlobException(digest, actual.toString(), position, size);
        }
        out.write(held, 0, heldLength);
    }
}
