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
 * A stored blob about to be served, all or a range of it.
 *
 * <p>The whole blob is hashed as it streams, and the last buffer of output is held back until the
 * check passes, so a corrupt blob never ends cleanly. A range is read from its offset for its length
 * and no more: it costs what it reads. It is not hashed (only the whole content can be checked
 * against the digest); it is read by the content identifier storage reported for the blob, which on
 * IPFS is the CID committed once the blob's digest was verified and which Kubo checks block by block
 * as it reads. On drivers without content identifiers a range is served as stored.
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
        if (range.isPresent()) {
            transferRange(range.get(), out);
            return;
        }
        Digest digest = info.digest();
        long size = info.size();
        long first = 0;
        long end = size;
        MessageDigest hash = digest.algorithm().newMessageDigest();
        byte[] buffer = new byte[BUFFER];
        byte[] held = new byte[BUFFER];
        int heldLength = 0;
        long position = 0;
        try (InputStream in = open(0, Long.MAX_VALUE)) {
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

    private void transferRange(ByteRange asked, OutputStream out) throws IOException {
        long sent;
        try (InputStream in = open(asked.first(), asked.length())) {
            sent = in.transferTo(out);
        }
        if (sent != asked.length()) {
            throw new IOException("the range of " + info.digest() + " ended after " + sent + " of " + asked.length() + " bytes");
        }
    }

    /** By content identifier when storage reported one (one call on IPFS), else by path. */
    private InputStream open(long offset, long length) throws IOException {
        return info.contentId().isPresent()
                ? driver.readContent(info.contentId().get(), offset, length)
                : driver.reader(path, offset, length);
    }
}
