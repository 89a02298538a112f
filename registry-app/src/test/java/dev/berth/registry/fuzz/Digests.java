package dev.berth.registry.fuzz;

import static dev.berth.registry.fuzz.property.Gen.weighted;

import dev.berth.registry.fuzz.property.Gen;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

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
    static Gen<String> any(String... known) {
        return Gen.frequency(
                weighted(2, known.length == 0 ? valid() : Gen.of(known)),
                weighted(2, valid()),
                weighted(1, wrongLength()),
                weighted(1, unknownAlgorithm()),
                weighted(1, uppercase()),
                weighted(1, notHex()),
                weighted(1, Gen.of("", ":", "sha256", "sha256:", ":" + "a".repeat(64), "sha256::" + "a".repeat(64),
                        "sha256:" + "a".repeat(64) + ":" + "b".repeat(64), " sha256:" + "a".repeat(64), "sha256:" + "a".repeat(64) + " ",
                        "sha256:" + "a".repeat(64) + "\n", "sha256:" + "a".repeat(10_000), "sha256+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564",
                        "sha256:" + "٣".repeat(64), "sha256:" + "ａ".repeat(64))));
    }

    static Gen<String> valid() {
        return Gen.oneOf(
                hexString(64).map(hex -> "sha256:" + hex),
                hexString(128).map(hex -> "sha512:" + hex));
    }

    static Gen<String> wrongLength() {
        Gen<String> algorithm = Gen.of("sha256", "sha512");
        Gen<Integer> length = Gen.integers(0, 130).filter(n -> n != 64 && n != 128);
        return (random, size) -> algorithm.next(random, size) + ":" + hexString(length.next(random, size)).next(random, size);
    }

    static Gen<String> unknownAlgorithm() {
        return Gen.of("md5:" + "d".repeat(32), "sha1:" + "d".repeat(40), "sha384:" + "d".repeat(96), "blake3:" + "d".repeat(64),
                "SHA256:" + "d".repeat(64), "sha-256:" + "d".repeat(64), "Sha256:" + "d".repeat(64), "sha256 :" + "d".repeat(64),
                "sha256.x:" + "d".repeat(64), "multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8");
    }

    static Gen<String> uppercase() {
        return valid().map(digest -> {
            int colon = digest.indexOf(':');
            return digest.substring(0, colon + 1) + digest.substring(colon + 1).toUpperCase(Locale.ROOT);
        });
    }

    static Gen<String> notHex() {
        Gen<String> valid = valid();
        Gen<String> bad = Gen.of("g", "z", "G", "-", "_", "%", "٣", "０", "é", "\u0000");
        Gen<Integer> position = Gen.integers(8, 60);
        return (random, size) -> {
            String digest = valid.next(random, size);
            String replacement = bad.next(random, size);
            int at = position.next(random, size);
            return digest.substring(0, at) + replacement + digest.substring(at + 1);
        };
    }

    private static Gen<String> hexString(int length) {
        return Gen.strings("0123456789abcdef", length, length);
    }
}
