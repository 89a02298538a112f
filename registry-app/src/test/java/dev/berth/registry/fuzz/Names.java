package dev.berth.registry.fuzz;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/** Repository names: valid ones of every shape the spec allows, and every way of getting one wrong. */
final class Names {
    private static final LeakPatterns LEAKS = LeakPatterns.standard();

    private Names() {
    }

    /** Any name, valid or not, decoded (as the registry should see it after unescaping). */
    static Arbitrary<String> any() {
        return Arbitraries.frequencyOf(
                        weighted(4, valid()),
                        weighted(2, mutated()),
                        weighted(1, unicode()),
                        weighted(1, overlong()),
                        weighted(1, Arbitraries.of("", "/", "//", ".", "..", "a/..", "../a", "a/./b", "ipfs", "ipns/a", "ipfs/notacid/app",
                                "_catalog", "a/_catalog", "v2", "a/tags", "a/manifests", "a/blobs", "a/referrers", "a/tags/list",
                                "a/manifests/latest", "a/blobs/sha256:" + "0".repeat(64), "-", "_", "a__", "a___b", "A", "a b")))
                .filter(name -> !LEAKS.appearsIn(name));
    }

    /** Names the spec allows: lowercase components joined by one separator each, up to 255 characters. */
    static Arbitrary<String> valid() {
        Arbitrary<String> alphanumeric = Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(10);
        Arbitrary<String> separator = Arbitraries.of(".", "_", "__", "-", "--", "----");
        Arbitrary<String> component = Combinators.combine(alphanumeric, separator, alphanumeric).as((a, s, b) -> a + s + b)
                .injectDuplicates(0.1);
        Arbitrary<String> part = Arbitraries.oneOf(alphanumeric, component);
        return part.list().ofMinSize(1).ofMaxSize(5).map(parts -> String.join("/", parts))
                .filter(name -> name.length() <= 255 && !name.startsWith("ipfs") && !name.startsWith("ipns"));
    }

    /** A valid name with one mistake: a capital, a character names cannot hold, a misplaced or doubled separator. */
    static Arbitrary<String> mutated() {
        Arbitrary<String> bad = Arbitraries.of("A", "Z", " ", "@", "#", "?", "%", "\\", ":", ";", "'", "\"", "<", ">", "*", "~", "!", "$",
                "+", ",", "=", "^", "`", "|", "{", "}", "[", "]", "\t", "\u0000", "\n", "\r", "\u007f", "//", "/", "..", "___", ".-", "-_");
        return Combinators.combine(valid(), bad, Arbitraries.integers().between(0, 300))
                .as((name, insert, at) -> {
                    int position = at % (name.length() + 1);
                    return name.substring(0, position) + insert + name.substring(position);
                });
    }

    /** Names with characters beyond ASCII: accents, CJK, full-width letters, invisible and bidirectional marks, emoji. */
    static Arbitrary<String> unicode() {
        Arbitrary<String> foreign = Arbitraries.of("é", "ü", "日本", "ｆｕｌｌ", "\u200b", "\u202e", "\ufeff", "😀", "ı", "İ", "ß", "\u0301", "\uffff",
                "ſ", "K"); // the last two fold to ASCII letters in some case mappings
        return Combinators.combine(valid(), foreign).as((name, extra) -> name + extra);
    }

    /** Names past the 255-character limit, or with very many components. */
    static Arbitrary<String> overlong() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(256, 2000).map("a"::repeat),
                Arbitraries.integers().between(100, 400).map(n -> "a/".repeat(n) + "a"),
                Arbitraries.integers().between(250, 260).map(n -> "b".repeat(n)));
    }

    static <T> Tuple2<Integer, Arbitrary<? extends T>> weighted(int weight, Arbitrary<? extends T> arbitrary) {
        return Tuple.of(weight, arbitrary);
    }
}
