package dev.berth.registry.fuzz;

import static dev.berth.registry.fuzz.Names.weighted;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Digests: valid ones (known to the registry or not) and every malformed shape a client could send. */
final class Digests {
    private Digests() {
    }

    static String sha256(byte[] content) {
        return "sha256:" + hex("SHA-256", content);
    }

    static String sha512(byte[] content) {
        return "sha512:" + hex("SHA-512", content);
    }

    private static String hex(String algorithm, byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Any digest string, {@code known} among the valid ones (digests of content the registry holds). */
    static Arbitrary<String> any(String... known) {
        return Arbitraries.frequencyOf(
                weighted(2, known.length == 0 ? valid() : Arbitraries.of(known)),
                weighted(2, valid()),
                weighted(1, wrongLength()),
                weighted(1, unknownAlgorithm()),
                weighted(1, uppercase()),
                weighted(1, notHex()),
                weighted(1, Arbitraries.of("", ":", "sha256", "sha256:", ":" + "a".repeat(64), "sha256::" + "a".repeat(64),
                        "sha256:" + "a".repeat(64) + ":" + "b".repeat(64), " sha256:" + "a".repeat(64), "sha256:" + "a".repeat(64) + " ",
                        "sha256:" + "a".repeat(64) + "\n", "sha256:" + "a".repeat(10_000), "sha256+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564",
                        "sha256:" + "٣".repeat(64), "sha256:" + "ａ".repeat(64))));
    }

    static Arbitrary<String> valid() {
        return Arbitraries.oneOf(
                hexString(64).map(hex -> "sha256:" + hex),
                hexString(128).map(hex -> "sha512:" + hex));
    }

    static Arbitrary<String> wrongLength() {
        return Combinators.combine(Arbitraries.of("sha256", "sha512"), Arbitraries.integers().between(0, 130)
                        .filter(n -> n != 64 && n != 128))
                .flatAs((algorithm, length) -> hexString(length).map(hex -> algorithm + ":" + hex));
    }

    static Arbitrary<String> unknownAlgorithm() {
        return Arbitraries.of("md5:" + "d".repeat(32), "sha1:" + "d".repeat(40), "sha384:" + "d".repeat(96), "blake3:" + "d".repeat(64),
                "SHA256:" + "d".repeat(64), "sha-256:" + "d".repeat(64), "Sha256:" + "d".repeat(64), "sha256 :" + "d".repeat(64),
                "sha256.x:" + "d".repeat(64), "multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8");
    }

    static Arbitrary<String> uppercase() {
        return valid().map(digest -> {
            int colon = digest.indexOf(':');
            return digest.substring(0, colon + 1) + digest.substring(colon + 1).toUpperCase(Locale.ROOT);
        });
    }

    static Arbitrary<String> notHex() {
        return Combinators.combine(valid(), Arbitraries.of("g", "z", "G", "-", "_", "%", "٣", "０", "é", "\u0000"), Arbitraries.integers().between(8, 60))
                .as((digest, bad, at) -> digest.substring(0, at) + bad + digest.substring(at + 1));
    }

    private static Arbitrary<String> hexString(int length) {
        return Arbitraries.strings().withChars("0123456789abcdef").ofLength(length);
    }
}
