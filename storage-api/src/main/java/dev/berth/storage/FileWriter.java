package dev.berth.storage;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A stream into a path's pending content, returned by {@link StorageDriver#writer}.
 *
 * <p>Nothing written becomes visible at the path until {@link #commit()}, which publishes all of
 * it at once. {@link #close()} without a commit keeps the pending content so that a later
 * {@code writer(path, true)} resumes it (how a chunked upload spans several requests);
 * {@link #cancel()} throws it away. After commit, cancel or close every write fails.
 */
public abstract class FileWriter extends OutputStream {

    /** Bytes in the pending content so far, including any that a resumed writer started with. */
    public abstract long size();

    /** Publishes the pending content at the path, replacing what was there, and closes this writer. */
    public abstract void commit() throws IOException;

    /**
     * Publishes the pending content at {@code otherPath} instead, as {@link #commit()} would at this
     * writer's own path (replacing a file there, making missing folders, refusing a folder), and
     * closes this writer. The pending content is gone afterwards and whatever was committed at this
     * writer's own path stays as it was. A registry commits a verified upload straight to where the
     * blob belongs this way, instead of committing it among uploads and moving it.
     *
     * @return what {@link StorageDriver#stat} would now report of {@code otherPath} (its size, and the
     *     content identifier on drivers that have one), so that the caller need not ask
     */
    public abstract FileInfo commitTo(String otherPath) throws IOException;

    /** Discards the pending content and closes this writer; what was committed before stays. */
    public abstract void cancel() throws IOException;

    /** Closes this writer, keeping uncommitted content pending for a later append. Idempotent. */
    @Override
    public abstract void close() throws IOException;

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public abstract void write(byte[] bytes, int offset, int length) throws IOException;
}
