package dev.berth.registry.mirror.upstream;

/** The upstream answered 404: no such repository, manifest, tag or blob (see {@link #errorCode()}). */
public final class UpstreamNotFoundException extends UpstreamException {
    UpstreamNotFoundException(String upstream, String call, String errorCode, String message) {
        super(upstream, call, errorCode, message, null);
    }

    @Override
    public boolean isUpstreamFailure() {
        return false;
    }
}
