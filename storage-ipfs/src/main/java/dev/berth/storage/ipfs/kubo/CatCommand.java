package dev.berth.storage.ipfs.kubo;

import java.io.IOException;
import java.io.InputStream;

/** {@code cat}: the bytes of immutable content, by {@code /ipfs/<cid>} path. */
public final class CatCommand {
    private final Rpc rpc;

    CatCommand(Rpc rpc) {
        this.rpc = rpc;
    }

    /**
     * Streams content from an offset. The stream fails unless it delivers {@code expectedLength}
     * bytes (pass -1 when unknown); blocks Kubo cannot find make it fail after the client timeout.
     */
    public InputStream cat(String ipfsPath, long offset, long expectedLength) throws IOException {
        return cat(ipfsPath, offset, expectedLength, expectedLength);
    }

    /**
     * Streams at most {@code length} bytes from an offset (pass -1 for all), failing unless the stream
     * delivers {@code expectedLength} bytes (-1 when the caller does not know the content's size).
     */
    public InputStream cat(String ipfsPath, long offset, long expectedLength, long length) throws IOException {
        Args args = Args.of(ipfsPath).with("offset", offset).with("progress", false);
        if (length >= 0 && length != Long.MAX_VALUE) {
            args.with("length", length);
        }
        return rpc.stream("cat", args, expectedLength);
    }
}
