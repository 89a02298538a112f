package dev.berth.registry.fuzz;

import static dev.berth.registry.fuzz.property.Gen.weighted;

import dev.berth.registry.fuzz.property.Gen;

/** Manifest references: tags valid and not, and digests of every shape. */
final class References {
    private static final LeakPatterns LEAKS = LeakPatterns.standard();
    private static final String LETTERS_AND_DIGITS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private References() {
    }

    static Gen<String> any(String... known) {
        return Gen.frequency(
                        weighted(3, validTags()),
                        weighted(2, invalidTags()),
                        weighted(3, Digests.any(known)))
                .filter(reference -> !LEAKS.appearsIn(reference));
    }

    /** Tags as the spec's pattern allows: {@code [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}}. */
    static Gen<String> validTags() {
        return Gen.zip(Gen.strings(LETTERS_AND_DIGITS + "_", 1, 1), Gen.strings(LETTERS_AND_DIGITS + "._-", 0, 127), String::concat);
    }

    static Gen<String> invalidTags() {
        return Gen.oneOf(
                Gen.of("", ".", "-", ".hidden", "-dash", "a:b", "a b", "é", "tag\u0000", "tag\n", "日本", "😀", "a/b",
                        "a%", "a?b", "a#b", "ｔａｇ", "\u200btag", "latest ", " latest"),
                Gen.integers(129, 1000).map("t"::repeat));
    }
}
