package dev.berth.registry.repository;

/** The bytes {@code first..last} (inclusive) of a blob of {@code size} bytes. */
public record ByteRange(long first, long last, long size) {

    public ByteRange {
        if (first < 0 || last < first || last >= size) {
            throw new IllegalArgumentException("bad range " + first + "-" + last + " of " + size);
        }
    }

    public long length() {
        return last - first + 1;
    }
}
