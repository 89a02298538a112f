package dev.berth.registry.fuzz;

import static dev.berth.registry.fuzz.Names.weighted;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Manifest references: tags valid and not, and digests of every shape. */
final class References {
    private static final LeakPatterns LEAKS = LeakPatterns.standard();

    private References() {
    }

    static Arbitrary<String> any(String... known) {
        return Arbitraries.frequencyOf(
                        weighted(3, validTags()),
                        weighted(2, invalidTags()),
                        weighted(3, Digests.any(known)))
                .filter(reference -> !LEAKS.appearsIn(reference));
    }

    /** Tags as the spec's pattern allows: {@code [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}}. */
    static Arbitrary<String> validTags() {
        Arbitrary<Character> first = Arbitraries.chars().range('a', 'z').range('A', 'Z').range('0', '9').with('_');
        Arbitrary<String> rest = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').numeric().withChars("._-")
                .ofMinLength(0).ofMaxLength(127);
        return net.jqwik.api.Combinators.combine(first, rest).as((f, r) -> f + r);
    }

    static Arbitrary<String> invalidTags() {
        return Arbitraries.oneOf(
                Arbitraries.of("", ".", "-", ".hidden", "-dash", "a:b", "a b", "é", "tag\u0000", "tag\n", "日本", "😀", "a/b",
                        "a%", "a?b", "a#b", "ｔａｇ", "\u200btag", "latest ", " latest"),
                Arbitraries.integers().between(129, 1000).map("t"::repeat));
    }
}
