package dev.berth.storage.ipfs.kubo;

import java.io.IOException;
import java.util.List;

/** Connections to other nodes ({@code swarm/*}), including peering, which keeps them connected. */
public final class SwarmCommands {
    private final Rpc rpc;

    SwarmCommands(Rpc rpc) {
        this.rpc = rpc;
    }

    /** A connected peer and the address it is reached at. */
    public record Peer(String peer, String addr) {}

    record Peers(List<Peer> peers) {
        Peers {
            peers = peers == null ? List.of() : List.copyOf(peers);
        }
    }

    /** Connects to a multiaddr ending in {@code /p2p/<peer id>}. */
    public void connect(String multiaddr) throws IOException {
        rpc.json("swarm/connect", Args.of(multiaddr), Object.class);
    }

    public void disconnect(String multiaddr) throws IOException {
        rpc.json("swarm/disconnect", Args.of(multiaddr), Object.class);
    }

    public List<Peer> peers() throws IOException {
        return rpc.json("swarm/peers", new Args(), Peers.class).peers();
    }

    /** Keeps a peer connected, reconnecting when the connection drops. */
    public void addPeering(String multiaddr) throws IOException {
        rpc.json("swarm/peering/add", Args.of(multiaddr), Object.class);
    }

    public void removePeering(String peerId) throws IOException {
        rpc.json("swarm/peering/rm", Args.of(peerId), Object.class);
    }
}
