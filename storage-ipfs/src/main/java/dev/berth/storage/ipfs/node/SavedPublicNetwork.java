package dev.berth.storage.ipfs.node;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A repository's network settings as they were before a {@link KuboNetwork#PRIVATE} or
 * {@link KuboNetwork#LOCAL} start changed them: the values of {@link #KEYS} and the repository's own
 * {@code swarm.key}. Kept in the repository ({@value #FILE}) from the first such start on, so that
 * the next {@link KuboNetwork#PUBLIC} start puts them back, whatever happened in between.
 *
 * @param config the saved values by key; null where the key was absent (Kubo's default)
 * @param swarmKey the repository's {@code swarm.key} as it was, or null when it had none
 */
record SavedPublicNetwork(Map<String, JsonNode> config, byte[] swarmKey) {
    static final String FILE = "berth-public-network.json";
    static final String SWARM_KEY = "swarm.key";
    /** Every config key a non-public network sets. */
    static final List<String> KEYS = List.of("AutoConf.Enabled", "Bootstrap", "DNS.Resolvers", "Routing.DelegatedRouters",
            "Ipns.DelegatedPublishers", "Routing.Type", "Discovery.MDNS.Enabled", "Swarm.DisableNatPortMap",
            "AutoTLS.Enabled", "Addresses.Swarm", "Swarm.Transports.Network.QUIC", "Swarm.Transports.Network.WebTransport",
            "Swarm.Transports.Network.WebRTCDirect", "Swarm.Transports.Network.Websocket");
    private static final int MAX_SIZE = 1 << 20;

    /** The settings of the repository as they are now. */
    static SavedPublicNetwork capture(Path folder, KuboConfigFile config) throws IOException {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (String key : KEYS) {
            JsonNode value = config.get(key);
            values.put(key, value.isMissingNode() ? NullNode.getInstance() : value);
        }
        Path key = folder.resolve(SWARM_KEY);
        return new SavedPublicNetwork(values, Files.exists(key) ? readBounded(key) : null);
    }

    /** The saved settings of the repository in {@code folder}; empty when none are saved. */
    static Optional<SavedPublicNetwork> read(Path folder) throws IOException {
        byte[] content;
        try {
            content = readBounded(folder.resolve(FILE));
        } catch (NoSuchFileException none) {
            return Optional.empty();
        }
        JsonNode saved = JsonMapper.shared().readTree(new String(content, StandardCharsets.UTF_8));
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (String key : KEYS) {
            JsonNode value = saved.path("config").path(key);
            values.put(key, value.isMissingNode() ? NullNode.getInstance() : value);
        }
        JsonNode swarmKey = saved.path("swarmKey");
        return Optional.of(new SavedPublicNetwork(values,
                swarmKey.isString() ? Base64.getDecoder().decode(swarmKey.asString()) : null));
    }

    /** Writes these settings into the repository, readable by the owner only (they may hold a swarm key). */
    void save(Path folder) throws IOException {
        ObjectNode file = JsonMapper.shared().createObjectNode();
        config.forEach(file.putObject("config")::set);
        if (swarmKey != null) {
            file.put("swarmKey", Base64.getEncoder().encodeToString(swarmKey));
        }
        KuboConfigFile.writeAtomically(folder.resolve(FILE),
                JsonMapper.shared().writerWithDefaultPrettyPrinter().writeValueAsBytes(file), KuboConfigFile.OWNER_ONLY);
    }

    /** Puts the saved values back into the config (which the caller saves). */
    void restoreInto(KuboConfigFile target) {
        config.forEach((key, value) -> target.set(key, value.isNull() ? MissingNode.getInstance() : value));
    }

    /** Puts the repository's own swarm key back (or removes Berth's), then forgets the saved settings. */
    void restoreSwarmKeyAndForget(Path folder) throws IOException {
        Path key = folder.resolve(SWARM_KEY);
        if (swarmKey == null) {
            Files.deleteIfExists(key);
        } else {
            KuboConfigFile.writeAtomically(key, swarmKey, KuboConfigFile.OWNER_ONLY);
        }
        Files.deleteIfExists(folder.resolve(FILE));
    }

    private static byte[] readBounded(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] content = in.readNBytes(MAX_SIZE + 1);
            if (content.length > MAX_SIZE) {
                throw new IOException(file + " is larger than " + MAX_SIZE + " bytes");
            }
            return content;
        }
    }
}
