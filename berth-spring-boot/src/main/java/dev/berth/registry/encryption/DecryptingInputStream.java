package dev.berth.registry.encryption;

import java.io.IOException;
import java.io.InputStream;

/**
 * Plaintext from Tink's decrypting stream or seekable channel, with failures told apart: a source
 * that fails fails as it did; anything else is a {@link DecryptionException} saying what did not
 * decrypt. A range read stops at the range's end, so no segment past it is loaded.
 */
final class DecryptingInputStream extends InputStream {
    private final InputStream plaintext;
    private final String what;
    private final boolean bounded;
    private long remaining;

    /** @param length the plaintext bytes to deliver, or -1 for all of them */
    DecryptingInputStream(InputStream plaintext, long length, String what) {
        this.plaintext = plaintext;
        this.what = what;
        this.bounded = length >= 0;
        this.remaining = length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int read = read(one, 0, 1);
        return read < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (bounded && remaining == 0) {
            return -1;
        }
        int asked = bounded ? (int) Math.min(length, remaining) : length;
        int read;
        try {
            read = plaintext.read(bytes, offset, asked);
        } catch (SourceReadException e) {
            throw e.original();
        } catch (DecryptionException e) {
            throw e;
        } catch (IOException e) {
            throw new DecryptionException(what + " does not decrypt: a wrong keyset, or content that was altered, "
                    + "cut short or stored in another place (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")", e);
        }
        if (read < 0 && bounded) {
            throw new DecryptionException(what + " ended " + remaining + " bytes before the range it was asked for");
        }
        if (read > 0 && bounded) {
            remaining -= read;
        }
        return read;
    }

    @Override
    public void close() throws IOException {
        plaintext.close();
    }
}
