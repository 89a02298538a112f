package dev.berth.storage.ipfs.node;

/**
 * Which IPFS network a {@link ManagedKubo} joins. It is applied to the repository on every start,
 * so a node moved from one network to another really changes: the settings a non-public network
 * changes are saved first and put back when the node returns to {@link #PUBLIC}.
 */
public enum KuboNetwork {
    /**
     * The public IPFS network, as the repository's config says (Kubo's defaults: public bootstrap
     * peers, AutoConf, DHT and delegated routing, every transport). Nothing is changed.
     */
    PUBLIC,
    /**
     * A private network of an organisation's nodes: the swarm key in {@code swarm.key} (libp2p then
     * refuses every peer without it, and {@code LIBP2P_FORCE_PNET=1} refuses to start without it),
     * the organisation's own bootstrap peers, a DHT among members only, TCP as the only transport
     * (QUIC, WebTransport, WebRTC and WebSocket are off), and none of the public services: no
     * AutoConf, no delegated HTTP routing or IPNS publishing, no DNS-over-HTTPS resolvers, no AutoTLS
     * certificate, no mDNS announcements on the LAN, no UPnP/NAT-PMP port mapping.
     */
    PRIVATE,
    /**
     * No network at all: the daemon runs offline (no swarm, so no listening addresses, no peers, no
     * bitswap, no routing), and the config has no swarm addresses, bootstrap peers or public
     * services either. The node stores and serves for this application only, over its loopback
     * RPC API and gateway.
     */
    LOCAL
}
