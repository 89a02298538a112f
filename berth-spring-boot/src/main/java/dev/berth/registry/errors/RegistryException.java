package dev.berth.registry.errors;

import java.util.Map;
import java.util.Objects;
import org.springframework.http.HttpStatus;

/**
 * A failure the client is told about in the spec's error format. It carries the code, a message
 * saying what was tried and why it failed, an optional detail, and headers the response must
 * still carry (an upload's {@code Location} and {@code Range} on a 416, for instance).
 */
public final class RegistryException extends RuntimeException {
    private final ErrorCode code;
    private final HttpStatus status;
    private final Object detail;
    private final Map<String, String> headers;

    private RegistryException(ErrorCode code, HttpStatus status, String message, Object detail, Map<String, String> headers) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
        this.status = Objects.requireNonNull(status, "status");
        this.detail = detail;
        this.headers = Map.copyOf(headers);
    }

    public static RegistryException of(ErrorCode code, String message) {
        return new RegistryException(code, code.status(), message, null, Map.of());
    }

    public static RegistryException of(ErrorCode code, String message, Object detail) {
        return new RegistryException(code, code.status(), message, detail, Map.of());
    }

    /** The same failure answered with another status, where the spec asks for one (413 for an oversized manifest). */
    public RegistryException withStatus(HttpStatus newStatus) {
        return new RegistryException(code, newStatus, getMessage(), detail, headers);
    }

    public RegistryException withHeaders(Map<String, String> extra) {
        return new RegistryException(code, status, getMessage(), detail, extra);
    }

    public ErrorCode code() {
        return code;
    }

    public HttpStatus status() {
        return status;
    }

    public Object detail() {
        return detail;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
