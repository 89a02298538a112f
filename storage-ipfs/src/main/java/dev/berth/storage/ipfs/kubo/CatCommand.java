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
        Args args = Args.of(ipfsPath).with("offset", offset).with("progress", false);
        if (expectedLength >= 0) {
            args.with("length", expectedLength);
        }
        return rpc.stream("cat", args, expectedLength);
    }
}
