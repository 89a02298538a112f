package dev.berth.registry.mirror.upstream;

/** The upstream's reply breaks the protocol or a bound this client keeps; {@link #reason()} says which. */
public final class UpstreamInvalidResponseException extends UpstreamException {
    /** What was wrong with the reply. */
    public enum Reason {
        /** A body over its bound: a manifest over 4 MiB, an oversized token or tag list. */
        TOO_LARGE,
        /** Content that does not hash to its digest (the requested one or {@code Docker-Content-Digest}). */
        DIGEST_MISMATCH,
        /** A body or header that cannot be read: bad JSON, a missing media type, a bad digest, a bad token reply. */
        MALFORMED,
        /** More redirects than allowed, or a redirect from https to http. */
        BAD_REDIRECT,
        /** A status the call does not expect, such as 400 or 416. */
        UNEXPECTED_STATUS
    }

    private final Reason reason;

    UpstreamInvalidResponseException(String upstream, String call, Reason reason, String message) {
        this(upstream, call, reason, message, null);
    }

    UpstreamInvalidResponseException(String upstream, String call, Reason reason, String message, Throwable cause) {
        super(upstream, call, null, message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public boolean isUpstreamFailure() {
        return true;
    }
}
