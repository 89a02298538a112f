package dev.berth.registry.fuzz;

import static dev.berth.registry.fuzz.property.Gen.weighted;

import dev.berth.registry.fuzz.property.Gen;

/** Query strings: pagination parameters, the API's own parameters with any encoding, and malformed escapes. */
final class Queries {
    private static final LeakPatterns LEAKS = LeakPatterns.standard();
    private static final Gen<String> MALFORMED = Gen.of("%", "%z", "%zz", "%G0", "%0", "%%", "%u0041", "%C3", "%C3%28",
            "%E2%82", "%F0%9F%98", "%ED%A0%80", "%FF", "%00", "%0A", "%0D%0A", "+", "++", "=", "==", "&", "&&", ";", "?");
    /** What may stand unescaped in a request's query (RFC 3986), {@code %} included so that malformed escapes stay malformed. */
    private static final String QUERY_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/?%";

    private Queries() {
    }

    /** A value for the {@code n} of a listing, as written in the query (possibly malformed). */
    static Gen<String> pageSize() {
        return Gen.frequency(
                weighted(3, Gen.integers(-3, 30).map(String::valueOf)),
                weighted(2, Gen.of("0", "-0", "+5", " 5", "5 ", "05", "1.5", "1e3", "0x10", "2147483647", "2147483648", "-2147483648",
                        "-2147483649", "9223372036854775807", "99999999999999999999", "٥", "５", "", "n", "null", "true", "[]")),
                weighted(2, MALFORMED),
                weighted(1, Gen.integers(1, 30).map(n -> percentAll(String.valueOf(n)))))
                .map(Queries::sendable);
    }

    /** A value for {@code last}: a plausible tag or name, or anything at all. */
    static Gen<String> last() {
        return Gen.frequency(
                weighted(3, References.validTags().flatMap(PercentEncoding::queryPart)),
                weighted(2, Names.any().flatMap(PercentEncoding::queryPart)),
                weighted(2, MALFORMED),
                weighted(1, Gen.strings(Gen.unicode(), 0, 40).filter(s -> !LEAKS.appearsIn(s)).flatMap(PercentEncoding::queryPart)),
                weighted(1, Gen.integers(1000, 6000).map("z"::repeat)))
                .map(Queries::sendable);
    }

    /** A whole query string (without {@code ?}): parameters the API knows under any spelling, unknown ones and malformed ones. */
    static Gen<String> any(String... knownDigests) {
        Gen<String> name = Gen.oneOf(
                Gen.of("n", "last", "digest", "mount", "from", "tag", "artifactType", "ns", "x", "", "N", "Digest", "mount[]"),
                Gen.of("n", "last", "digest", "mount", "from", "tag").flatMap(PercentEncoding::queryPart),
                Gen.of("n", "digest", "mount", "from", "tag", "last").map(Queries::percentAll),
                MALFORMED);
        Gen<String> value = Gen.oneOf(
                Digests.any(knownDigests).flatMap(PercentEncoding::queryPart),
                pageSize(),
                last(),
                Names.valid(),
                MALFORMED);
        Gen<String> pair = Gen.frequency(
                weighted(5, Gen.zip(name, value, (n, v) -> n + "=" + v)),
                weighted(1, name),
                weighted(1, MALFORMED));
        return pair.list(0, 6).map(pairs -> sendable(String.join("&", pairs)))
                .filter(query -> !LEAKS.appearsIn(query));
    }

    /**
     * The text with every character that cannot stand in a request line escaped, and nothing else:
     * escapes already there, well-formed or not, go through as they are. A request line with a raw
     * space is no HTTP request at all, which would test the HTTP server's parser rather than the registry.
     */
    static String sendable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (c < 128 && QUERY_CHARACTERS.indexOf(c) >= 0) {
                out.appendCodePoint(c);
            } else {
                for (byte b : new String(Character.toChars(c)).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                    out.append('%').append(String.format("%02X", b & 0xff));
                }
            }
        });
        return out.toString();
    }

    /** Every character escaped: {@code %6D%6F%75%6E%74} for {@code mount}. */
    static String percentAll(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            out.append('%').append(String.format("%02X", b & 0xff));
        }
        return out.toString();
    }
}
