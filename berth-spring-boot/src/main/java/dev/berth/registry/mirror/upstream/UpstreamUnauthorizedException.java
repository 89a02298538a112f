package dev.berth.registry.mirror.upstream;

/**
 * The upstream refused access: 401 even with a fresh token or with credentials, 403, or a token
 * realm that refused the credentials. Docker Hub also answers so for repositories that do not exist.
 */
public final class UpstreamUnauthorizedException extends UpstreamException {
    private final int status;

    UpstreamUnauthorizedException(String upstream, String call, int status, String errorCode, String message) {
        super(upstream, call, errorCode, message, null);
        this.status = status;
    }

    /** 401 or 403. */
    public int status() {
        return status;
    }

    @Override
    public boolean isUpstreamFailure() {
        return false;
    }
}
