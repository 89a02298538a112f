package dev.berth.registry.mirror;

import java.util.Optional;

/**
 * Told, in the thread of the request being served, where the mirror found a manifest or blob. The
 * web side turns it into the response's {@code X-Berth-Mirror} header; outside a request (a
 * pre-fetch) nothing listens.
 */
@FunctionalInterface
public interface ServedFromListener {
    ServedFromListener NONE = (from, upstreamError) -> { };

    /**
     * @param upstreamError for {@link ServedFrom#STALE_CACHE}, how the upstream failed ({@code rate_limited},
     *     {@code unavailable}, ...)
     */
    void served(ServedFrom from, Optional<String> upstreamError);
}
