package dev.berth.storage.ipfs.node;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a {@link ManagedKubo} writes into its repository's config before each daemon start.
 *
 * @param swarmAddresses the swarm's listen multiaddrs ({@code Addresses.Swarm}); empty: the repository's own
 * @param routing Kubo's {@code Routing.Type}; null: the repository's own
 */
record NodeSettings(List<String> swarmAddresses, String routing) {
    private static final String LOOPBACK_TCP = "/ip4/127.0.0.1/tcp/";

    NodeSettings {
        swarmAddresses = List.copyOf(Objects.requireNonNull(swarmAddresses, "swarmAddresses"));
    }

    /** Settings for a repository that {@code ipfs init} has just made. */
    static void initialise(KuboRepository repository) throws IOException {
        // Not Kubo's default 127.0.0.1:8080, which other software often holds.
        repository.ipfs("config", "Addresses.Gateway", LOOPBACK_TCP + "0");
    }

    /** Binds the RPC API to loopback (whatever the config says: the API is admin-level), then the rest. */
    void apply(KuboRepository repository, int apiPort) throws IOException {
        repository.ipfs("config", "Addresses.API", LOOPBACK_TCP + apiPort);
        if (!swarmAddresses.isEmpty()) {
            repository.ipfs("config", "--json", "Addresses.Swarm", JsonMapper.shared().writeValueAsString(swarmAddresses));
        }
        if (routing != null) {
            repository.ipfs("config", "Routing.Type", routing);
        }
    }
}
