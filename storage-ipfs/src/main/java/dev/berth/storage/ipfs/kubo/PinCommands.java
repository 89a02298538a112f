package dev.berth.storage.ipfs.kubo;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Pins ({@code pin/*}): content kept through garbage collection independently of MFS. */
public final class PinCommands {
    private final Rpc rpc;

    PinCommands(Rpc rpc) {
        this.rpc = rpc;
    }

    record Pins(List<String> pins) {}

    record PinSet(Map<String, Object> keys) {
        PinSet {
            keys = keys == null ? Map.of() : Map.copyOf(keys);
        }
    }

    /** Pins a CID recursively. */
    public void add(String cid) throws IOException {
        rpc.json("pin/add", Args.of(cid).with("recursive", true).with("progress", false), Pins.class);
    }

    public void remove(String cid) throws IOException {
        rpc.json("pin/rm", Args.of(cid).with("recursive", true), Pins.class);
    }

    /** Unpins a CID; nothing when it is not pinned (another import of the same bytes unpinned it first). */
    public void removeIfPinned(String cid) throws IOException {
        try {
            remove(cid);
        } catch (KuboException e) {
            if (!e.kuboMessage().contains("not pinned")) {
                throw e;
            }
        }
    }

    /** Whether a CID is pinned recursively. */
    public boolean isPinned(String cid) throws IOException {
        try {
            return rpc.json("pin/ls", Args.of(cid).with("type", "recursive"), PinSet.class).keys().size() > 0;
        } catch (KuboException e) {
            if (e.kuboMessage().contains("not pinned")) {
                return false;
            }
            throw e;
        }
    }
}
