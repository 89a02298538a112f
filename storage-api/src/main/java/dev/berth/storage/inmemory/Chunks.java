package dev.berth.storage.inmemory;

import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Content kept as fixed-size chunks, so that a file of several GiB needs no single array and a
 * commit hands the chunks over without copying. Every chunk but the last is full.
 */
final class Chunks {
    static final int CHUNK_SIZE = 1 << 20;

    /** Committed, immutable content. */
    record Content(List<byte[]> chunks, long size, Instant modTime) {
        Content {
            chunks = List.copyOf(chunks);
        }

        /** The bytes from {@code offset} up to {@code end} (exclusive; clamped to the size). */
        InputStream range(long offset, long end) {
            return new ContentStream(this, offset, Math.min(end, size));
        }
    }

    /** Pending content that a writer appends to. */
    static final class Buffer {
        private final List<byte[]> chunks = new ArrayList<>();
        private long size;

        static Buffer copyOf(Content content) {
            Buffer buffer = new Buffer();
            List<byte[]> source = content.chunks();
            for (int i = 0; i < source.size(); i++) {
                boolean last = i == source.size() - 1;
                // Full chunks are never written again, so they can be shared; the last one is
                // written on, so it is copied back to full size.
                buffer.chunks.add(last ? Arrays.copyOf(source.get(i), CHUNK_SIZE) : source.get(i));
            }
            buffer.size = content.size();
            return buffer;
        }

        synchronized long size() {
            return size;
        }

        synchronized void append(byte[] bytes, int offset, int length) {
            while (length > 0) {
                int used = (int) (size % CHUNK_SIZE);
                if (used == 0 && size / CHUNK_SIZE == chunks.size()) {
                    chunks.add(new byte[CHUNK_SIZE]);
                }
                byte[] chunk = chunks.get(chunks.size() - 1);
                int n = Math.min(length, CHUNK_SIZE - used);
                System.arraycopy(bytes, offset, chunk, used, n);
                size += n;
                offset += n;
                length -= n;
            }
        }

        synchronized Content toContent(Instant modTime) {
            List<byte[]> copy = new ArrayList<>(chunks);
            int used = (int) (size % CHUNK_SIZE);
            if (used != 0) {
                copy.set(copy.size() - 1, Arrays.copyOf(copy.getLast(), used));
            }
            return new Content(copy, size, modTime);
        }
    }

    private static final class ContentStream extends InputStream {
        private final Content content;
        private final long end;
        private long position;

        ContentStream(Content content, long position, long end) {
            this.content = content;
            this.position = position;
            this.end = end;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            if (position >= end) {
                return -1;
            }
            byte[] chunk = content.chunks().get((int) (position / CHUNK_SIZE));
            int within = (int) (position % CHUNK_SIZE);
            int n = (int) Math.min(Math.min(length, chunk.length - within), end - position);
            System.arraycopy(chunk, within, bytes, offset, n);
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
    }

    private Chunks() {}
}
