package dev.berth.registry.mirror.upstream;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A token from an upstream's token realm, used until {@code refreshAt}: shortly before the lifetime
 * the realm gave, so that a token never expires between being chosen and reaching the upstream.
 */
record BearerToken(String value, Instant refreshAt) {
    /** RFC 6750's b64token: what a JWT and other opaque tokens are made of, and nothing that could break a header. */
    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
    private static final int MAX_LENGTH = 64 * 1024;
    private static final Duration MAX_MARGIN = Duration.ofSeconds(30);

    BearerToken {
        if (value == null || value.length() > MAX_LENGTH || !B64TOKEN.matcher(value).matches()) {
            throw new IllegalArgumentException("not a bearer token");
        }
    }

    /** A token received at {@code now} with the given lifetime; refreshed half its lifetime or 30 s before it ends. */
    static BearerToken received(String value, Duration lifetime, Instant now) {
        Duration half = lifetime.dividedBy(2);
        Duration margin = half.compareTo(MAX_MARGIN) < 0 ? half : MAX_MARGIN;
        return new BearerToken(value, now.plus(lifetime).minus(margin));
    }

    boolean isFresh(Instant now) {
        return now.isBefore(refreshAt);
    }

    String header() {
        return "Bearer " + value;
    }

    /** Never shows the token. */
    @Override
    public String toString() {
        return "BearerToken[refreshAt=" + refreshAt + "]";
    }
}
