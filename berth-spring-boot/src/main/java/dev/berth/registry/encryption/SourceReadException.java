package dev.berth.registry.encryption;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A failure to read the ciphertext, kept apart from failures to decrypt it on its way through
 * Tink (which reports both as IOExceptions), and given back to the caller as it was.
 */
final class SourceReadException extends IOException {
    SourceReadException(IOException cause) {
        super(cause.getMessage(), cause);
    }

    IOException original() {
        return (IOException) getCause();
    }

    /** The stream, its failures marked as the source's. */
    static InputStream marking(InputStream source) {
        return new FilterInputStream(source) {
            @Override
            public int read() throws IOException {
                try {
                    return in.read();
                } catch (IOException e) {
                    throw new SourceReadException(e);
                }
            }

            @Override
            public int read(byte[] bytes, int offset, int length) throws IOException {
                try {
                    return in.read(bytes, offset, length);
                } catch (IOException e) {
                    throw new SourceReadException(e);
                }
            }
        };
    }
}
