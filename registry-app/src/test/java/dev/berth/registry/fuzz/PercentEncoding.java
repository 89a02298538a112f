package dev.berth.registry.fuzz;

import dev.berth.registry.fuzz.property.Gen;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * The ways a client may write a string into a URL: escaping only what must be escaped, escaping
 * more than needed (in upper or lower case hex), or sending non-ASCII characters as raw UTF-8.
 */
enum PercentEncoding {
    /** Escapes only characters that cannot appear as they are. */
    MINIMAL,
    /** Escapes, at random, characters that could have stayed as they are too. */
    MIXED,
    /** Like {@link #MINIMAL}, but non-ASCII characters go as raw UTF-8 bytes. */
    RAW_UTF8;

    private static final String UNRESERVED = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~";

    /** A path, each segment encoded; {@code /} stays a separator. */
    static Gen<String> path(String decoded) {
        return (random, size) -> values()[random.nextInt(values().length)].encode(decoded, "/:@!$'()*,;=", random);
    }

    /** A query parameter's name or value: {@code &}, {@code =}, {@code +} and {@code #} are always escaped. */
    static Gen<String> queryPart(String decoded) {
        return (random, size) -> values()[random.nextInt(values().length)].encode(decoded, "/:@!$'()*,;?", random);
    }

    /** The minimal encoding of a query parameter's name or value. */
    static String query(String decoded) {
        return MINIMAL.encode(decoded, "/:@!$'()*,;?", new Random(0));
    }

    String encode(String decoded, String alsoAllowed, Random random) {
        StringBuilder out = new StringBuilder();
        decoded.codePoints().forEach(c -> {
            String character = new String(Character.toChars(c));
            boolean allowed = c < 128 && (UNRESERVED.indexOf(c) >= 0 || alsoAllowed.indexOf(c) >= 0);
            boolean escape = switch (this) {
                case MINIMAL -> !allowed;
                case MIXED -> !allowed || (c != '/' && random.nextInt(4) == 0);
                case RAW_UTF8 -> !allowed && c < 128;
            };
            if (!escape) {
                out.append(character);
                return;
            }
            boolean lower = this == MIXED && random.nextBoolean();
            for (byte b : character.getBytes(StandardCharsets.UTF_8)) {
                String hex = String.format("%02X", b & 0xff);
                out.append('%').append(lower ? hex.toLowerCase(java.util.Locale.ROOT) : hex);
            }
        });
        return out.toString();
    }
}
