package dev.berth.registry.blobs;

import dev.berth.registry.naming.Digest;
import dev.berth.storage.FileInfo;
import dev.berth.storage.StorageDriver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A blob about to be served, all or a range of it. The whole stored content is read and hashed
 * even for a range, because only the whole content can be checked against the digest; the last
 * buffer of output is held back until the check passes, so a corrupt blob never ends cleanly.
 */
public final class VerifiedBlob {
    private static final Logger log = LoggerFactory.getLogger(VerifiedBlob.class);
    private static final int BUFFER = 64 * 1024;

    private final StorageDriver driver;
    private final String path;
    private final Digest digest;
    private final long size;
    private final Optional<String> contentId;
    private final ByteRange range;
    private final Runnable onMismatch;

    VerifiedBlob(StorageDriver driver, String path, Digest digest, FileInfo stored, ByteRange range, Runnable onMismatch) {
        this.driver = driver;
        this.path = path;
        this.digest = digest;
        this.size = stored.size();
        this.contentId = stored.contentId();
        this.range = range;
        this.onMismatch = onMismatch;
    }

    public Digest digest() {
        return digest;
    }

    public long size() {
        return size;
    }

    /** The stored content's identifier in the driver (its CID on IPFS), when it has one. */
    public Optional<String> contentId() {
        return contentId;
    }

    /** The range being served, or {@code null} for the whole blob. */
    public ByteRange range() {
        return range;
    }

    /** The number of bytes {@link #transferTo} writes. */
    public long contentLength() {
        return range == null ? size : range.length();
    }

    public void transferTo(OutputStream out) throws IOException {
        long first = range == null ? 0 : range.first();
        long end = range == null ? size : range.last() + 1;
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
        if (position != size || !actual.equals(digest)) {
            onMismatch.run();
            log.error("Aborting the response for {}: {} bytes of {} stored hash to {}", digest, position, size, actual);
            throw new CorruptBlobException(digest, actual.toString(), position, size);
        }
        out.write(held, 0, heldLength);
    }
}
