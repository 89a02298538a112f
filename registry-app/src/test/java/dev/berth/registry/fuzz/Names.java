package dev.berth.registry.fuzz;

import static dev.berth.registry.fuzz.property.Gen.weighted;

import dev.berth.registry.fuzz.property.Gen;
import java.util.ArrayList;
import java.util.List;

/** Repository names: valid ones of every shape the spec allows, and every way of getting one wrong. */
final class Names {
    private static final LeakPatterns LEAKS = LeakPatterns.standard();
    private static final String LOWERCASE_AND_DIGITS = "abcdefghijklmnopqrstuvwxyz0123456789";
    /** How often a path component repeats one before it in the same name ({@code a-b/a-b}). */
    private static final double REPEATED_COMPONENT = 0.1;

    private Names() {
    }

    /** Any name, valid or not, decoded (as the registry should see it after unescaping). */
    static Gen<String> any() {
        return Gen.frequency(
                        weighted(4, valid()),
                        weighted(2, mutated()),
                        weighted(1, unicode()),
                        weighted(1, overlong()),
                        weighted(1, Gen.of("", "/", "//", ".", "..", "a/..", "../a", "a/./b", "ipfs", "ipns/a", "ipfs/notacid/app",
                                "_catalog", "a/_catalog", "v2", "a/tags", "a/manifests", "a/blobs", "a/referrers", "a/tags/list",
                                "a/manifests/latest", "a/blobs/sha256:" + "0".repeat(64), "-", "_", "a__", "a___b", "A", "a b")))
                .filter(name -> !LEAKS.appearsIn(name));
    }

    /** Names the spec allows: lowercase components joined by one separator each, up to 255 characters. */
    static Gen<String> valid() {
        Gen<String> alphanumeric = Gen.strings(LOWERCASE_AND_DIGITS, 1, 10);
        Gen<String> separator = Gen.of(".", "_", "__", "-", "--", "----");
        Gen<String> component = (random, size) -> alphanumeric.next(random, size) + separator.next(random, size) + alphanumeric.next(random, size);
        Gen<String> part = Gen.oneOf(alphanumeric, component);
        Gen<List<String>> parts = part.list(1, 5);
        Gen<String> joined = (random, size) -> {
            List<String> name = new ArrayList<>(parts.next(random, size));
            for (int i = 1; i < name.size(); i++) {
                if (random.nextDouble() < REPEATED_COMPONENT) {
                    name.set(i, name.get(random.nextInt(i)));
                }
            }
            return String.join("/", name);
        };
        return joined.filter(name -> name.length() <= 255 && !name.startsWith("ipfs") && !name.startsWith("ipns"));
    }

    /** A valid name with one mistake: a capital, a character names cannot hold, a misplaced or doubled separator. */
    static Gen<String> mutated() {
        Gen<String> bad = Gen.of("A", "Z", " ", "@", "#", "?", "%", "\\", ":", ";", "'", "\"", "<", ">", "*", "~", "!", "$",
                "+", ",", "=", "^", "`", "|", "{", "}", "[", "]", "\t", "\u0000", "\n", "\r", "\u007f", "//", "/", "..", "___", ".-", "-_");
        Gen<String> valid = valid();
        Gen<Integer> at = Gen.integers(0, 300);
        return (random, size) -> {
            String name = valid.next(random, size);
            String insert = bad.next(random, size);
            int position = at.next(random, size) % (name.length() + 1);
            return name.substring(0, position) + insert + name.substring(position);
        };
    }

    /** Names with characters beyond ASCII: accents, CJK, full-width letters, invisible and bidirectional marks, emoji. */
    static Gen<String> unicode() {
        Gen<String> foreign = Gen.of("é", "ü", "日本", "ｆｕｌｌ", "\u200b", "\u202e", "\ufeff", "😀", "ı", "İ", "ß", "\u0301", "\uffff",
                "ſ", "K"); // the last two fold to ASCII letters in some case mappings
        return Gen.zip(valid(), foreign, String::concat);
    }

    /** Names past the 255-character limit, or with very many components. */
    static Gen<String> overlong() {
        return Gen.oneOf(
                Gen.integers(256, 2000).map("a"::repeat),
                Gen.integers(100, 400).map(n -> "a/".repeat(n) + "a"),
                Gen.integers(250, 260).map("b"::repeat));
    }
}
