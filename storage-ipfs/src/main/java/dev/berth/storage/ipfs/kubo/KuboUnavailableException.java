package dev.berth.storage.ipfs.kubo;

import java.io.IOException;

/**
 * Kubo could not be reached, did not answer within the timeout, or dropped the connection. The
 * call may be worth retrying once the node is back.
 */
public class KuboUnavailableException extends IOException {
    public KuboUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
