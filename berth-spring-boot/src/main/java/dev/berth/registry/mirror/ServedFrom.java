package dev.berth.registry.mirror;

import java.util.Locale;

/** Where the mirror found what it served, as the {@code X-Berth-Mirror} response header says. */
public enum ServedFrom {
    /** The cache, fresh (a tag checked within its time-to-live, or content by digest). */
    CACHE("hit"),
    /** A tree of the mirror group, over IPFS. */
    PEER("peer"),
    /** The upstream registry. */
    UPSTREAM("miss"),
    /** The cache, because the upstream failed: a tag that may have moved since. */
    STALE_CACHE("stale");

    private final String header;

    ServedFrom(String header) {
        this.header = header;
    }

    /** The header's value. */
    public String header() {
        return header;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
