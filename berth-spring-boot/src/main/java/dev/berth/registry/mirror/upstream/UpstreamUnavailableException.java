package dev.berth.registry.mirror.upstream;

/**
 * The upstream could not be reached or went silent: no connection, an unknown host, a TLS failure,
 * no reply or no further bytes within the timeouts, or a reply cut short.
 */
public final class UpstreamUnavailableException extends UpstreamException {
    private final boolean timedOut;

    UpstreamUnavailableException(String upstream, String call, String message, boolean timedOut, Throwable cause) {
        super(upstream, call, null, message, cause);
        this.timedOut = timedOut;
    }

    /** Whether a timeout ended the call (as opposed to a refused or broken connection). */
    public boolean timedOut() {
        return timedOut;
    }

    @Override
    public boolean isUpstreamFailure() {
        return true;
    }
}
