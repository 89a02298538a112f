package dev.berth.registry.encryption;

import java.io.IOException;

/**
 * Content of a private repository that cannot be decrypted: made under a key the keyset does not
 * hold, altered, truncated, or moved from where it was bound. Never partial plaintext: the bytes
 * of a segment are released only after its authentication tag checks.
 */
public class DecryptionException extends IOException {
    public DecryptionException(String message) {
        super(message);
    }

    public DecryptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
