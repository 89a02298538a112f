package dev.berth.registry.repository;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/** A blob about to be served, whole or a range of it; nothing is read until {@link #transferTo}. */
public interface BlobContent {

    BlobInfo info();

    /** The range being served; empty for the whole blob. */
    Optional<ByteRange> range();

    /** The number of bytes {@link #transferTo} writes. */
    default long contentLength() {
        return range().map(ByteRange::length).orElse(info().size());
    }

    /**
     * Writes the bytes, checked against the digest as the repository kind promises (a whole blob is
     * hashed as it streams). A failed check throws before the last bytes are written, so a client
     * never receives a complete, clean body of bad content.
     */
    void transferTo(OutputStream out) throws IOException;
}
