package dev.berth.registry.repository;

import dev.berth.registry.naming.Digest;
import java.io.IOException;

/**
 * Stored bytes did not hash to their digest while being served. Thrown before the last bytes are
 * written, so the client never receives a complete, clean body.
 */
public final class CorruptBlobException extends IOException {
    public CorruptBlobException(Digest expected, String actual, long bytesRead, long expectedSize) {
        super("stored content of " + expected + " failed verification: read " + bytesRead + " of " + expectedSize
                + " bytes hashing to " + actual);
    }
}
