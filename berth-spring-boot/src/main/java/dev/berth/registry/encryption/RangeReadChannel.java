package dev.berth.registry.encryption;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * The ciphertext as the {@link SeekableByteChannel} Tink's seekable decryption reads, over range
 * reads of a {@link CiphertextSource}. It knows the span of segments a plaintext range needs, so
 * that one range read serves them all: the header (read once and kept) and the span cost at most
 * two reads, one when the span starts at the first segment.
 */
final class RangeReadChannel implements SeekableByteChannel {
    private final CiphertextSource source;
    private final long size;
    private final long spanStart;
    private final long spanEnd;
    private final byte[] header = new byte[BlobFormat.HEADER_LENGTH];
    private boolean headerRead;
    private InputStream stream;
    private long streamPosition;
    private long position;
    private boolean open = true;

    /** @param spanStart where the first segment needed starts; @param spanEnd where the last one ends */
    RangeReadChannel(CiphertextSource source, long size, long spanStart, long spanEnd) {
        if (size < BlobFormat.HEADER_LENGTH || spanStart < BlobFormat.HEADER_LENGTH || spanEnd < spanStart || spanEnd > size) {
            throw new IllegalArgumentException("bad span " + spanStart + ".." + spanEnd + " of a ciphertext of " + size + " bytes");
        }
        this.source = source;
        this.size = size;
        this.spanStart = spanStart;
        this.spanEnd = spanEnd;
    }

    /** Berth's prefix and Tink's header, read at the first call. */
    byte[] header() throws IOException {
        if (!headerRead) {
            // When the span starts right after the header, one read serves both.
            openAt(0, spanStart == BlobFormat.HEADER_LENGTH ? spanEnd : BlobFormat.HEADER_LENGTH);
            readFully(ByteBuffer.wrap(header));
            headerRead = true;
        }
        return header.clone();
    }

    @Override
    public int read(ByteBuffer destination) throws IOException {
        if (!open) {
            throw new ClosedChannelException();
        }
        if (position >= size) {
            return -1;
        }
        int start = destination.position();
        if (position < BlobFormat.HEADER_LENGTH) {
            header();
            int taken = (int) Math.min(destination.remaining(), BlobFormat.HEADER_LENGTH - position);
            destination.put(header, (int) position, taken);
            position += taken;
        }
        if (destination.hasRemaining() && position < size) {
            if (stream == null || streamPosition != position) {
                openAt(position, Math.max(spanEnd, Math.min(size, position + destination.remaining())));
            }
            int limit = destination.limit();
            destination.limit(destination.position() + (int) Math.min(destination.remaining(), size - position));
            try {
                readFully(destination);
            } finally {
                destination.limit(limit);
            }
            position = streamPosition;
        }
        return destination.position() - start;
    }

    private void openAt(long offset, long end) throws IOException {
        closeStream();
        try {
            stream = source.open(offset, end - offset);
        } catch (IOException e) {
            throw new SourceReadException(e);
        }
        streamPosition = offset;
    }

    /** Fills the buffer from the stream: Tink takes a short read for a missing segment. */
    private void readFully(ByteBuffer destination) throws IOException {
        while (destination.hasRemaining()) {
            int read;
            try {
                if (destination.hasArray()) {
                    read = stream.read(destination.array(), destination.arrayOffset() + destination.position(), destination.remaining());
                    destination.position(destination.position() + Math.max(read, 0));
                } else {
                    byte[] chunk = new byte[Math.min(destination.remaining(), 1 << 16)];
                    read = stream.read(chunk);
                    destination.put(chunk, 0, Math.max(read, 0));
                }
            } catch (IOException e) {
                throw new SourceReadException(e);
            }
            if (read < 0) {
                throw new SourceReadException(new EOFException("the ciphertext source ended at " + streamPosition
                        + " of the " + size + " bytes it was said to have"));
            }
            streamPosition += read;
        }
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) {
        position = newPosition;
        return this;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int write(ByteBuffer source) {
        throw new NonWritableChannelException();
    }

    @Override
    public SeekableByteChannel truncate(long newSize) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() throws IOException {
        open = false;
        closeStream();
    }

    private void closeStream() throws IOException {
        if (stream != null) {
            InputStream closing = stream;
            stream = null;
            closing.close();
        }
    }
}
