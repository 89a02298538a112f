package dev.berth.registry.naming;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/** A content digest such as {@code sha256:<64 hex>}, checked when made. */
public record Digest(DigestAlgorithm algorithm, String hex) implements Reference {
    private static final Pattern LOWER_HEX = Pattern.compile("[0-9a-f]+");

    public Digest {
        Objects.requireNonNull(algorithm, "algorithm");
        if (hex == null || hex.length() != algorithm.hexLength() || !LOWER_HEX.matcher(hex).matches()) {
            throw RegistryException.of(ErrorCode.DIGEST_INVALID,
                    "a " + algorithm.id() + " digest has " + algorithm.hexLength() + " lowercase hex characters", hex);
        }
    }

    /** Parses {@code algorithm:hex}; anything else is {@link ErrorCode#DIGEST_INVALID}. */
    public static Digest parse(String value) {
        int colon = value == null ? -1 : value.indexOf(':');
        if (colon < 0) {
            throw RegistryException.of(ErrorCode.DIGEST_INVALID, "a digest has the form algorithm:hex", value);
        }
        DigestAlgorithm algorithm = DigestAlgorithm.byId(value.substring(0, colon)).orElseThrow(() ->
                RegistryException.of(ErrorCode.DIGEST_INVALID, "unsupported digest algorithm; use sha256 or sha512", value));
        return new Digest(algorithm, value.substring(colon + 1));
    }

    /** The digest of a finished {@link MessageDigest} of the given algorithm. */
    public static Digest of(DigestAlgorithm algorithm, MessageDigest finished) {
        return new Digest(algorithm, HexFormat.of().formatHex(finished.digest()));
    }

    public static Digest of(DigestAlgorithm algorithm, byte[] content) {
        MessageDigest digest = algorithm.newMessageDigest();
        digest.update(content);
        return of(algorithm, digest);
    }

    @Override
    public String toString() {
        return algorithm.id() + ":" + hex;
    }
}
