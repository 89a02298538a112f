package dev.berth.storage.ipfs.kubo;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** IPNS ({@code name/*}) and the keys that sign its records ({@code key/*}). */
public final class NameCommands {
    private final Rpc rpc;

    NameCommands(Rpc rpc) {
        this.rpc = rpc;
    }

    /** A published record: the IPNS name and the path it points at. */
    public record Published(String name, String value) {}

    /** A key of the node: its local name and its IPNS name (the peer ID form). */
    public record Key(String name, String id) {}

    record Keys(List<Key> keys) {
        Keys {
            keys = keys == null ? List.of() : List.copyOf(keys);
        }
    }

    record Resolved(String path) {}

    /** Publishes {@code path} under a key; {@code allowOffline} lets a node without peers publish. */
    public Published publish(String path, String key, Duration lifetime, boolean allowOffline) throws IOException {
        Args args = Args.of(path).with("key", key).with("lifetime", lifetime.toSeconds() + "s")
                .with("allow-offline", allowOffline);
        return rpc.json("name/publish", args, Published.class);
    }

    /** The path an IPNS name or DNSLink domain ({@code /ipns/...}) points at. */
    public String resolve(String name) throws IOException {
        return rpc.json("name/resolve", Args.of(name), Resolved.class).path();
    }

    /** Makes an ed25519 key. */
    public Key generateKey(String name) throws IOException {
        return rpc.json("key/gen", Args.of(name).with("type", "ed25519"), Key.class);
    }

    public List<Key> keys() throws IOException {
        return rpc.json("key/list", new Args(), Keys.class).keys();
    }
}
