package dev.berth.storage.ipfs.node;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The pre-shared key of a private IPFS network: 32 bytes that every member's Kubo holds in the
 * file {@code swarm.key} of its repository. libp2p refuses connections between peers whose keys
 * differ. The file format is libp2p's: {@code /key/swarm/psk/1.0.0/}, then {@code /base16/} (or
 * {@code /base64/}), then the key, one per line.
 */
public final class SwarmKey {
    private static final String HEADER = "/key/swarm/psk/1.0.0/";
    private static final int SIZE = 32;
    /** A swarm key file is under 100 bytes; anything much larger is not one. */
    private static final int MAX_FILE_SIZE = 1024;

    private final byte[] key;

    private SwarmKey(byte[] key) {
        if (key.length != SIZE) {
            throw new IllegalArgumentException("a swarm key has " + SIZE + " bytes, not " + key.length);
        }
        this.key = key.clone();
    }

    /** A new random key, for the first node of a private network; give its {@link #text()} to the others. */
    public static SwarmKey generate() {
        byte[] key = new byte[SIZE];
        new SecureRandom().nextBytes(key);
        return new SwarmKey(key);
    }

    /** The key in a {@code swarm.key} file. */
    public static SwarmKey read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        byte[] content;
        try (InputStream in = Files.newInputStream(file)) {
            content = in.readNBytes(MAX_FILE_SIZE + 1);
        }
        if (content.length > MAX_FILE_SIZE) {
            throw new IOException(file + " is not a swarm key: larger than " + MAX_FILE_SIZE + " bytes");
        }
        try {
            return parse(new String(content, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not a swarm key: " + e.getMessage(), e);
        }
    }

    /** The key in the text of a {@code swarm.key} file. */
    public static SwarmKey parse(String text) {
        String[] lines = text.strip().split("\r?\n");
        if (lines.length != 3 || !lines[0].equals(HEADER)) {
            throw new IllegalArgumentException("expected three lines, " + HEADER + ", /base16/ or /base64/, and the key");
        }
        String encoded = lines[2].strip();
        byte[] key;
        try {
            key = switch (lines[1]) {
                case "/base16/" -> HexFormat.of().parseHex(encoded);
                case "/base64/" -> Base64.getDecoder().decode(encoded);
                default -> throw new UnsupportedOperationException(lines[1]);
            };
        } catch (UnsupportedOperationException e) {
            throw new IllegalArgumentException("unsupported encoding " + lines[1] + " (use /base16/ or /base64/)");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key is not valid " + lines[1] + " text", e);
        }
        return new SwarmKey(key);
    }

    /** The content of a {@code swarm.key} file holding this key, base16-encoded. */
    public String text() {
        return HEADER + "\n/base16/\n" + HexFormat.of().formatHex(key) + "\n";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SwarmKey that && MessageDigest.isEqual(key, that.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "SwarmKey[" + SIZE + " bytes]"; // never the key itself
    }
}
