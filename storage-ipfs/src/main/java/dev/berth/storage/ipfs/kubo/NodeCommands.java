package dev.berth.storage.ipfs.kubo;

import java.io.IOException;
import java.util.List;

/** The node itself: {@code id} and {@code version}. */
public final class NodeCommands {
    private final Rpc rpc;

    NodeCommands(Rpc rpc) {
        this.rpc = rpc;
    }

    /** The node's peer ID and the multiaddrs it listens on. */
    public record Identity(String id, List<String> addresses) {
        public Identity {
            addresses = addresses == null ? List.of() : List.copyOf(addresses);
        }
    }

    public record Version(String version, String commit, String system, String golang) {}

    public Identity id() throws IOException {
        return rpc.json("id", new Args(), Identity.class);
    }

    public Version version() throws IOException {
        return rpc.json("version", new Args(), Version.class);
    }
}
