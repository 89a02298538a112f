package dev.berth.registry.mirror.upstream;

import java.io.IOException;
import java.util.Optional;

/**
 * A call to an upstream registry failed. The subtypes say how, so that a mirror can decide what to
 * do: an answer about the content ({@link UpstreamNotFoundException}, {@link UpstreamUnauthorizedException})
 * or a failing upstream ({@link #isUpstreamFailure()}: rate limited, unreachable or silent, a 5xx, or
 * a reply that breaks the protocol), when a mirror serves what it has cached. Messages name the
 * upstream and the call, never credentials or tokens.
 */
public abstract sealed class UpstreamException extends IOException
        permits UpstreamNotFoundException, UpstreamUnauthorizedException, UpstreamRateLimitedException,
        UpstreamUnavailableException, UpstreamServerErrorException, UpstreamInvalidResponseException {
    private final String upstream;
    private final String call;
    private final String errorCode;

    UpstreamException(String upstream, String call, String errorCode, String message, Throwable cause) {
        super("upstream " + upstream + ": " + call + ": " + message, cause);
        this.upstream = upstream;
        this.call = call;
        this.errorCode = errorCode;
    }

    /** The upstream's configured name, such as {@code docker.io}. */
    public String upstream() {
        return upstream;
    }

    /** What was asked, such as {@code manifest GET library/alpine:latest}. */
    public String call() {
        return call;
    }

    /** The first error code of the registry's JSON error body, such as {@code MANIFEST_UNKNOWN}, if it sent one. */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /** Whether the upstream failed to answer properly, rather than answering about the content. */
    public abstract boolean isUpstreamFailure();
}
