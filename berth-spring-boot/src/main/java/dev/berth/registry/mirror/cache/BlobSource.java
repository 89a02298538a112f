package dev.berth.registry.mirror.cache;

import java.io.IOException;

/** Where a {@link BlobFlight} reads a blob from, once: an upstream registry. */
@FunctionalInterface
public interface BlobSource {

    /**
     * Starts reading the whole blob. The stream must fail, rather than end, when the bytes turn out
     * not to hash to the blob's digest or fall short of the declared length.
     */
    FetchedBlob open() throws IOException;
}
