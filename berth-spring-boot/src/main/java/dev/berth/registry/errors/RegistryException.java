package dev.berth.registry.errors;

import java.util.Objects;
import java.util.Optional;

/**
 * A failure the client is told about in the spec's error format. It carries the code, a message
 * saying what was tried and why it failed, an optional detail, and optionally a {@link Fact} the
 * client needs to recover (where an upload stands, the size of a blob a range missed).
 */
public final class RegistryException extends RuntimeException {
    private final ErrorCode code;
    private final Object detail;
    private final Fact fact;

    private RegistryException(ErrorCode code, String message, Object detail, Fact fact, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.detail = detail;
        this.fact = fact;
    }

    public static RegistryException of(ErrorCode code, String message) {
        return new RegistryException(code, message, null, null, null);
    }

    public static RegistryException of(ErrorCode code, String message, Object detail) {
        return new RegistryException(code, message, detail, null, null);
    }

    /** The same failure, with what the client needs to recover from it. */
    public RegistryException with(Fact newFact) {
        return new RegistryException(code, getMessage(), detail, newFact, getCause());
    }

    /** The same failure, caused by another (kept for logs, never shown to the client). */
    public RegistryException causedBy(Throwable cause) {
        return new RegistryException(code, getMessage(), detail, fact, cause);
    }

    public ErrorCode code() {
        return code;
    }

    public Object detail() {
        return detail;
    }

    public Optional<Fact> fact() {
        return Optional.ofNullable(fact);
    }
}
