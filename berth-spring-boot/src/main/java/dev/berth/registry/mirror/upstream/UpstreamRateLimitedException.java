package dev.berth.registry.mirror.upstream;

import java.time.Duration;
import java.util.Optional;

/** The upstream answered 429 Too Many Requests. */
public final class UpstreamRateLimitedException extends UpstreamException {
    private final Duration retryAfter;

    UpstreamRateLimitedException(String upstream, String call, String errorCode, Duration retryAfter) {
        super(upstream, call, errorCode, "rate limited (429)"
                + (retryAfter == null ? "" : ", retry after " + retryAfter.toSeconds() + " s"), null);
        this.retryAfter = retryAfter;
    }

    /** How long the upstream asked to wait ({@code Retry-After}), if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    @Override
    public boolean isUpstreamFailure() {
        return true;
    }
}
