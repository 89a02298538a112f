package dev.berth.registry.encryption;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Random bytes of one private tree, mixed into the storage keys of its random-key repositories
 * ({@link NameScheme#salted()}): their folder and blob names then differ from every other tree's,
 * even for the same names and content under the same keyset. Kept in the tree itself, sealed.
 */
public final class TreeSalt {
    private static final int LENGTH = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] bytes;

    private TreeSalt(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a tree salt has " + LENGTH + " bytes, not " + bytes.length);
        }
        this.bytes = bytes.clone();
    }

    public static TreeSalt random() {
        byte[] bytes = new byte[LENGTH];
        RANDOM.nextBytes(bytes);
        return new TreeSalt(bytes);
    }

    /** The salt in its stored form, as {@link #bytes()} gave it. */
    public static TreeSalt of(byte[] bytes) {
        return new TreeSalt(bytes);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TreeSalt salt && Arrays.equals(salt.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "TreeSalt[...]";
    }
}
