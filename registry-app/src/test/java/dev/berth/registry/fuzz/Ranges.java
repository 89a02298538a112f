package dev.berth.registry.fuzz;

import static dev.berth.registry.fuzz.property.Gen.weighted;

import dev.berth.registry.fuzz.property.Gen;

/** {@code Range} headers for blob reads and {@code Content-Range} headers for upload chunks, well-formed or not. */
final class Ranges {
    private static final Gen<String> GARBAGE = Gen.of("", " ", "bytes", "bytes=", "bytes=-", "bytes=a-b", "bytes=0-0-0",
            "bytes=1--2", "bytes=-0", "items=0-1", "BYTES=0-1", "bytes =0-1", "bytes= 0-1", "bytes=0 -1", "bytes=0-99999999999999999999",
            "bytes=99999999999999999999-", "bytes=-99999999999999999999", "bytes=-9223372036854775808", "bytes=9223372036854775807-",
            "bytes=0-1,", "bytes=,0-1", "bytes=0x10-0x20", "bytes=+1-2", "bytes=٣-٤", "bytes=0-1;q=2", "0-1", "bytes 0-1/2", "\u00ff");

    private Ranges() {
    }

    /** A {@code Range} header for a blob of {@code size} bytes. */
    static Gen<String> read(long size) {
        Gen<Long> offset = Gen.longs(-2, size + 2);
        Gen<Long> anywhere = Gen.longs(0, Long.MAX_VALUE);
        return Gen.frequency(
                weighted(3, Gen.zip(offset, offset, (a, b) -> "bytes=" + a + "-" + b)),
                weighted(1, offset.map(a -> "bytes=" + a + "-")),
                weighted(1, offset.map(n -> "bytes=-" + n)),
                weighted(1, Gen.zip(anywhere, anywhere, (a, b) -> "bytes=" + a + "-" + b)),
                weighted(1, (random, s) -> "bytes=" + offset.next(random, s) + "-" + offset.next(random, s)
                        + "," + offset.next(random, s) + "-" + offset.next(random, s)),
                weighted(2, GARBAGE));
    }

    /**
     * A {@code Content-Range} header for a chunk of {@code length} bytes that should start at
     * {@code offset}: right, with a unit or total, leaving a gap, overlapping, disagreeing with the
     * body's length, or malformed.
     */
    static Gen<String> chunk(long offset, long length) {
        long last = offset + length - 1;
        Gen<Long> shift = Gen.longs(1, 1000);
        return Gen.frequency(
                weighted(3, Gen.constant(offset + "-" + last)),
                weighted(1, Gen.of("bytes " + offset + "-" + last + "/*", "bytes=" + offset + "-" + last,
                        offset + "-" + last + "/" + (last + 1))),
                weighted(1, shift.map(s -> (offset + s) + "-" + (last + s))),
                weighted(1, shift.map(s -> Math.max(0, offset - s) + "-" + Math.max(0, last - s))),
                weighted(1, shift.map(s -> offset + "-" + (last + s))),
                weighted(1, shift.map(s -> offset + "-" + Math.max(offset, last - s))),
                weighted(1, Gen.of(last + "-" + offset, "-1-" + last, offset + "-", "-" + last, offset + "-99999999999999999999",
                        "99999999999999999999-99999999999999999999", "9223372036854775807-9223372036854775807")),
                weighted(1, GARBAGE));
    }
}
