package dev.berth.storage.ipfs.node;

import static dev.berth.storage.ipfs.node.KuboConfigFile.json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * What a {@link ManagedKubo} writes into its repository before each daemon start, and how it starts
 * the daemon: the RPC API on loopback, the {@link KuboNetwork}, and the swarm addresses and routing
 * asked for. Writing the same settings again changes nothing.
 *
 * @param network the network to join
 * @param swarmKeyFile the private network's {@code swarm.key}; only and always with {@link KuboNetwork#PRIVATE}
 * @param bootstrap multiaddrs ending in {@code /p2p/<peer id>} of the private network's bootstrap peers
 * @param swarmAddresses the swarm's listen multiaddrs; empty: the repository's own ({@link KuboNetwork#PUBLIC})
 *     or TCP port 4001 on every interface ({@link KuboNetwork#PRIVATE})
 * @param routing Kubo's {@code Routing.Type}; null: the repository's own ({@link KuboNetwork#PUBLIC}) or
 *     {@code dht} among the members ({@link KuboNetwork#PRIVATE})
 */
record NodeSettings(KuboNetwork network, Path swarmKeyFile, List<String> bootstrap, List<String> swarmAddresses, String routing) {
    private static final String LOOPBACK_TCP = "/ip4/127.0.0.1/tcp/";
    private static final Pattern PEER = Pattern.compile("/[^\\s]+/p2p/[A-Za-z0-9]+");
    /** libp2p's private networks work over TCP only (its PSK does not cover QUIC, WebTransport or WebRTC). */
    private static final Pattern TCP = Pattern.compile("/(ip4|ip6)/[^/\\s]+/tcp/[0-9]{1,5}");
    private static final List<String> PRIVATE_SWARM = List.of("/ip4/0.0.0.0/tcp/4001", "/ip6/::/tcp/4001");
    /** Kubo refuses {@code auto} and {@code autoclient} in a private network: they include public HTTP routers. */
    private static final Set<String> PRIVATE_ROUTING = Set.of("dht", "dhtclient", "dhtserver", "none");

    NodeSettings {
        Objects.requireNonNull(network, "network");
        bootstrap = List.copyOf(Objects.requireNonNull(bootstrap, "bootstrap"));
        swarmAddresses = List.copyOf(Objects.requireNonNull(swarmAddresses, "swarmAddresses"));
        for (String peer : bootstrap) {
            if (!PEER.matcher(peer).matches()) {
                throw new IllegalArgumentException("a bootstrap peer is a multiaddr ending in /p2p/<peer id>, not " + peer);
            }
        }
        switch (network) {
            case PUBLIC -> {
                refuse(swarmKeyFile != null, "a swarm key makes a PRIVATE network; PUBLIC has none");
                refuse(!bootstrap.isEmpty(), "bootstrap peers are for a PRIVATE network; PUBLIC keeps the repository's");
            }
            case PRIVATE -> {
                refuse(swarmKeyFile == null, "a PRIVATE network needs its swarm key file");
                for (String address : swarmAddresses) {
                    if (!TCP.matcher(address).matches()) {
                        throw new IllegalArgumentException("a private network listens on TCP only, such as /ip4/0.0.0.0/tcp/4001, not " + address);
                    }
                }
                refuse(routing != null && !PRIVATE_ROUTING.contains(routing),
                        "a PRIVATE network routes with one of " + PRIVATE_ROUTING + ", not " + routing);
            }
            case LOCAL -> {
                refuse(swarmKeyFile != null || !bootstrap.isEmpty() || !swarmAddresses.isEmpty(),
                        "a LOCAL node has no swarm: no swarm key, bootstrap peers or swarm addresses");
                refuse(routing != null && !routing.equals("none"), "a LOCAL node has no routing, not " + routing);
            }
        }
    }

    private static void refuse(boolean wrong, String why) {
        if (wrong) {
            throw new IllegalStateException(why);
        }
    }

    /** Settings for a repository that {@code ipfs init} has just made. */
    static void initialise(Path folder) throws IOException {
        KuboConfigFile config = KuboConfigFile.of(folder);
        // Not Kubo's default 127.0.0.1:8080, which other software often holds.
        config.set("Addresses.Gateway", json(LOOPBACK_TCP + "0"));
        config.save();
    }

    /**
     * Binds the RPC API to loopback (whatever the config says: the API is admin-level), then puts
     * the network in place. Leaving {@link KuboNetwork#PUBLIC}, the public settings are saved first
     * ({@link SavedPublicNetwork}); back in it, they are put back.
     */
    void apply(Path folder, int apiPort) throws IOException {
        KuboConfigFile config = KuboConfigFile.of(folder);
        config.set("Addresses.API", json(LOOPBACK_TCP + apiPort));
        Optional<SavedPublicNetwork> saved = SavedPublicNetwork.read(folder);
        if (network == KuboNetwork.PUBLIC) {
            saved.ifPresent(settings -> settings.restoreInto(config));
            if (!swarmAddresses.isEmpty()) {
                config.set("Addresses.Swarm", json(swarmAddresses));
            }
            if (routing != null) {
                config.set("Routing.Type", json(routing));
            }
        } else {
            if (saved.isEmpty()) {
                SavedPublicNetwork.capture(folder, config).save(folder);
            }
            networkValues().forEach(config::set);
        }
        config.save();
        if (network == KuboNetwork.PUBLIC && saved.isPresent()) {
            saved.get().restoreSwarmKeyAndForget(folder);
        }
        if (network == KuboNetwork.PRIVATE) {
            installSwarmKey(folder);
        }
    }

    /** The config values of a non-public network, for the keys in {@link SavedPublicNetwork#KEYS}. */
    Map<String, JsonNode> networkValues() {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        // The public network's services: bootstrap list, routers, DNS resolvers and IPNS publishers
        // from conf.ipfs-mainnet.org (fetched even by an offline daemon), certificates from libp2p.direct.
        values.put("AutoConf.Enabled", json(false));
        values.put("DNS.Resolvers", json(Map.of()));
        values.put("Routing.DelegatedRouters", json(List.of()));
        values.put("Ipns.DelegatedPublishers", json(List.of()));
        values.put("AutoTLS.Enabled", json(false));
        // Nothing announced on the LAN, no port opened on the router.
        values.put("Discovery.MDNS.Enabled", json(false));
        values.put("Swarm.DisableNatPortMap", json(true));
        if (network == KuboNetwork.PRIVATE) {
            values.put("Bootstrap", json(bootstrap));
            values.put("Routing.Type", json(routing == null ? "dht" : routing));
            values.put("Addresses.Swarm", json(swarmAddresses.isEmpty() ? PRIVATE_SWARM : swarmAddresses));
            for (String transport : List.of("QUIC", "WebTransport", "WebRTCDirect", "Websocket")) {
                values.put("Swarm.Transports.Network." + transport, json(false));
            }
        } else {
            values.put("Bootstrap", json(List.of()));
            values.put("Routing.Type", json("none"));
            values.put("Addresses.Swarm", json(List.of()));
        }
        return values;
    }

    /** Copies the configured key into the repository's {@code swarm.key}, unless it holds that key already. */
    private void installSwarmKey(Path folder) throws IOException {
        SwarmKey key = SwarmKey.read(swarmKeyFile);
        Path installed = folder.resolve(SavedPublicNetwork.SWARM_KEY);
        if (Files.exists(installed)) {
            try {
                if (SwarmKey.read(installed).equals(key)) {
                    return;
                }
            } catch (IOException unreadable) {
                // Replaced below.
            }
        }
        KuboConfigFile.writeAtomically(installed, key.text().getBytes(StandardCharsets.US_ASCII), KuboConfigFile.OWNER_ONLY);
    }

    /** The daemon's environment beyond the JVM's. */
    Map<String, String> environment() {
        return switch (network) {
            case PUBLIC -> Map.of();
            // The daemon refuses to start without the key, instead of joining the public network.
            case PRIVATE -> Map.of("LIBP2P_FORCE_PNET", "1", "IPFS_TELEMETRY", "off");
            case LOCAL -> Map.of("IPFS_TELEMETRY", "off");
        };
    }

    /** The daemon's arguments. */
    List<String> daemonArguments() {
        // --migrate: the repository is this application's, so a newer Kubo upgrades it as asked.
        return network == KuboNetwork.LOCAL ? List.of("--migrate=true", "--offline") : List.of("--migrate=true");
    }

    /** For the log: the network, never the key itself (Kubo prints the key's fingerprint as it starts). */
    String describe() {
        return switch (network) {
            case PUBLIC -> "the public IPFS network";
            case PRIVATE -> "the private network of the swarm key in " + swarmKeyFile + " (" + bootstrap.size()
                    + " bootstrap peers, TCP only)";
            case LOCAL -> "no network (offline: this application only)";
        };
    }
}
