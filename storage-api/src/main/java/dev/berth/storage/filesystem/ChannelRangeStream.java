package dev.berth.storage.filesystem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** The bytes of an open file from one position up to another, read positionally; closing it closes the channel. */
final class ChannelRangeStream extends InputStream {
    private final FileChannel channel;
    private final long end;
    private long position;

    ChannelRangeStream(FileChannel channel, long position, long end) {
        this.channel = channel;
        this.position = position;
        this.end = end;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position >= end) {
            return -1;
        }
        int n = channel.read(ByteBuffer.wrap(bytes, offset, (int) Math.min(length, end - position)), position);
        if (n < 0) {
            return -1; // the file was truncated under us: it ends here
        }
        position += n;
        return n;
    }

    @Override
    public long skip(long n) {
        long skipped = Math.max(0, Math.min(n, end - position));
        position += skipped;
        return skipped;
    }

    @Override
    public int available() {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, end - position));
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
