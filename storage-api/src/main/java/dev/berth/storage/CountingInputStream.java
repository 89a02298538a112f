package dev.berth.storage;

import io.micrometer.core.instrument.Counter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;

/** A driver's stream behind {@link CheckedDriver}: bytes read are counted, failures normalised. */
final class CountingInputStream extends FilterInputStream {
    private final Counter bytesRead;
    private final Function<Exception, StorageException> normalise;

    CountingInputStream(InputStream in, Counter bytesRead, Function<Exception, StorageException> normalise) {
        super(in);
        this.bytesRead = bytesRead;
        this.normalise = normalise;
    }

    @Override
    public int read() throws IOException {
        try {
            int b = super.read();
            if (b >= 0) {
                bytesRead.increment();
            }
            return b;
        } catch (IOException | RuntimeException e) {
            throw normalise.apply(e);
        }
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        try {
            int n = super.read(bytes, offset, length);
            if (n > 0) {
                bytesRead.increment(n);
            }
            return n;
        } catch (IOException | RuntimeException e) {
            throw normalise.apply(e);
        }
    }
}
