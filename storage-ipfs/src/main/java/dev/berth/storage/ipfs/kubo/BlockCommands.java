package dev.berth.storage.ipfs.kubo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

/** {@code block/put}: stores one block as it is, such as a dag-pb node the caller encoded. */
public final class BlockCommands {
    private final Rpc rpc;

    BlockCommands(Rpc rpc) {
        this.rpc = rpc;
    }

    record Stored(String key, long size) {}

    /** Stores the bytes as one block of {@code codec} (such as {@code dag-pb}), sha2-256, unpinned; returns its CID. */
    public String put(byte[] block, String codec) throws IOException {
        List<Stored> stored = rpc.upload("block/put", new Args().with("cid-codec", codec).with("mhtype", "sha2-256"),
                new ByteArrayInputStream(block), Stored.class);
        if (stored.isEmpty()) {
            throw new KuboException("block/put", "no CID in the reply");
        }
        return stored.getLast().key();
    }
}
