package dev.berth.storage.ipfs.node;

import java.util.Objects;

/** A {@link ManagedKubo} could not start its Kubo; {@link #reason()} says which way, the message says what to do. */
public final class KuboStartupException extends IllegalStateException {
    public enum Reason {
        /** The {@code ipfs} binary is not on the PATH, or the configured one is not an executable file. */
        BINARY_MISSING,
        /** Another Kubo daemon holds the repository. */
        REPOSITORY_LOCKED,
        /** The repository could not be made, or the daemon exited or did not answer in time. */
        DID_NOT_START
    }

    private final Reason reason;

    KuboStartupException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
