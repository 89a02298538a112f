package dev.berth.registry.mirror.upstream;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;

/**
 * The end of a whole exchange (its redirects, challenge retries and the reading of its reply). The
 * socket timeouts bound each wait for bytes; this bounds an upstream that trickles bytes slowly
 * enough to never trip them. When it passes, the request under way is cancelled, which closes its
 * connection and makes the blocked read fail.
 */
final class Deadline implements AutoCloseable {
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private final Duration timeout;
    private final ScheduledFuture<?> expiry;
    private volatile HttpUriRequestBase current;
    private volatile boolean expired;

    private Deadline(Duration timeout) {
        this.timeout = timeout;
        this.expiry = timeout == null ? null : TIMER.schedule(this::expire, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    static Deadline after(Duration timeout) {
        return new Deadline(timeout);
    }

    /** No bound beyond the socket timeouts: for streams, whose length has no upper limit. */
    static Deadline none() {
        return new Deadline(null);
    }

    /** The request now under way, cancelled if the deadline passes while it runs. */
    void watch(HttpUriRequestBase request) {
        current = request;
        if (expired) {
            request.cancel();
        }
    }

    boolean expired() {
        return expired;
    }

    Duration timeout() {
        return timeout;
    }

    private void expire() {
        expired = true;
        HttpUriRequestBase request = current;
        if (request != null) {
            request.cancel();
        }
    }

    @Override
    public void close() {
        if (expiry != null) {
            expiry.cancel(false);
        }
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "berth-upstream-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
