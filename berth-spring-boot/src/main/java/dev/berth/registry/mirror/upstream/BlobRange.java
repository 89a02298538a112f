package dev.berth.registry.mirror.upstream;

/**
 * The bytes of a blob to fetch: from {@code first} to {@code last} inclusive, or to the end when
 * {@code last} is -1.
 */
public record BlobRange(long first, long last) {
    public BlobRange {
        if (first < 0 || last < -1 || last >= 0 && last < first) {
            throw new IllegalArgumentException("not a byte range: " + first + "-" + last);
        }
    }

    /** From {@code first} to the end. */
    public static BlobRange from(long first) {
        return new BlobRange(first, -1);
    }

    /** The {@code Range} header value. */
    String header() {
        return "bytes=" + first + "-" + (last < 0 ? "" : Long.toString(last));
    }
}
