package dev.berth.registry.encryption;

import java.nio.file.Path;

/** A keyset file that cannot be used: its message names the file and says what to do. */
public class KeysetException extends RuntimeException {
    private final Path file;

    public KeysetException(Path file, String problem, Throwable cause) {
        super("the encryption keyset " + file + " " + problem, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
