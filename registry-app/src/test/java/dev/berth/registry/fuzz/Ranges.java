package dev.berth.registry.fuzz;

import static dev.berth.registry.fuzz.Names.weighted;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** {@code Range} headers for blob reads and {@code Content-Range} headers for upload chunks, well-formed or not. */
final class Ranges {
    private static final Arbitrary<String> GARBAGE = Arbitraries.of("", " ", "bytes", "bytes=", "bytes=-", "bytes=a-b", "bytes=0-0-0",
            "bytes=1--2", "bytes=-0", "items=0-1", "BYTES=0-1", "bytes =0-1", "bytes= 0-1", "bytes=0 -1", "bytes=0-99999999999999999999",
            "bytes=99999999999999999999-", "bytes=-99999999999999999999", "bytes=-9223372036854775808", "bytes=9223372036854775807-",
            "bytes=0-1,", "bytes=,0-1", "bytes=0x10-0x20", "bytes=+1-2", "bytes=٣-٤", "bytes=0-1;q=2", "0-1", "bytes 0-1/2", "\u00ff");

    private Ranges() {
    }

    /** A {@code Range} header for a blob of {@code size} bytes. */
    static Arbitrary<String> read(long size) {
        Arbitrary<Long> offset = Arbitraries.longs().between(-2, size + 2);
        Arbitrary<Long> anywhere = Arbitraries.longs().between(0, Long.MAX_VALUE);
        return Arbitraries.frequencyOf(
                weighted(3, Combinators.combine(offset, offset).as((a, b) -> "bytes=" + a + "-" + b)),
                weighted(1, offset.map(a -> "bytes=" + a + "-")),
                weighted(1, offset.map(n -> "bytes=-" + n)),
                weighted(1, Combinators.combine(anywhere, anywhere).as((a, b) -> "bytes=" + a + "-" + b)),
                weighted(1, Combinators.combine(offset, offset, offset, offset).as((a, b, c, d) -> "bytes=" + a + "-" + b + "," + c + "-" + d)),
                weighted(2, GARBAGE));
    }

    /**
     * A {@code Content-Range} header for a chunk of {@code length} bytes that should start at
     * {@code offset}: right, with a unit or total, leaving a gap, overlapping, disagreeing with the
     * body's length, or malformed.
     */
    static Arbitrary<String> chunk(long offset, long length) {
        long last = offset + length - 1;
        Arbitrary<Long> shift = Arbitraries.longs().between(1, 1000);
        return Arbitraries.frequencyOf(
                weighted(3, Arbitraries.just(offset + "-" + last)),
                weighted(1, Arbitraries.of("bytes " + offset + "-" + last + "/*", "bytes=" + offset + "-" + last,
                        offset + "-" + last + "/" + (last + 1))),
                weighted(1, shift.map(s -> (offset + s) + "-" + (last + s))),
                weighted(1, shift.map(s -> Math.max(0, offset - s) + "-" + Math.max(0, last - s))),
                weighted(1, shift.map(s -> offset + "-" + (last + s))),
                weighted(1, shift.map(s -> offset + "-" + Math.max(offset, last - s))),
                weighted(1, Arbitraries.of(last + "-" + offset, "-1-" + last, offset + "-", "-" + last, offset + "-99999999999999999999",
                        "99999999999999999999-99999999999999999999", "9223372036854775807-9223372036854775807")),
                weighted(1, GARBAGE));
    }
}
