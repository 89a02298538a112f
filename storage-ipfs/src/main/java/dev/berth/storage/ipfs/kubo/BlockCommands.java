package dev.berth.storage.ipfs.kubo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** {@code block/put} and {@code block/get}: one block as it is, such as a dag-pb node the caller encodes or reads. */
public final class BlockCommands {
    private final Rpc rpc;

    BlockCommands(Rpc rpc) {
        this.rpc = rpc;
    }

    record Stored(String key, long size) {}

    /**
     * The bytes of one block, at most {@code limit} of them (a longer block is an error: blocks
     * that Kubo moves by bitswap are at most 2 MiB).
     */
    public byte[] get(String cid, int limit) throws IOException {
        try (InputStream in = rpc.stream("block/get", Args.of(cid), -1)) {
            byte[] block = in.readNBytes(limit + 1);
            if (block.length > limit) {
                throw new KuboException("block/get", "the block " + cid + " is larger than " + limit + " bytes");
            }
            return block;
        }
    }

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
