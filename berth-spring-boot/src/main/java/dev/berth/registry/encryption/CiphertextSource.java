package dev.berth.registry.encryption;

import java.io.IOException;
import java.io.InputStream;

/**
 * Range reads of a stored ciphertext, such as a storage driver's reader or an HTTP range request:
 * a stream of the ciphertext from {@code offset} that holds at least {@code length} bytes (a longer
 * one, such as a reader to the end, is fine: what is not needed stays unread). Decryption asks only
 * for the segments a plaintext range needs, and closes every stream it opens.
 */
@FunctionalInterface
public interface CiphertextSource {
    InputStream open(long offset, long length) throws IOException;
}
