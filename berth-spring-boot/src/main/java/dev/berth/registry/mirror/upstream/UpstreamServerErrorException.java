package dev.berth.registry.mirror.upstream;

import java.time.Duration;
import java.util.Optional;

/** The upstream answered with a 5xx status. */
public final class UpstreamServerErrorException extends UpstreamException {
    private final int status;
    private final Duration retryAfter;

    UpstreamServerErrorException(String upstream, String call, int status, String errorCode, Duration retryAfter) {
        super(upstream, call, errorCode, "server error " + status, null);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    /** How long the upstream asked to wait ({@code Retry-After}, as a 503 may say), if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    @Override
    public boolean isUpstreamFailure() {
        return true;
    }
}
