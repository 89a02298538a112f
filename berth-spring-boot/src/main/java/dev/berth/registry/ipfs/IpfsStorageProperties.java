package dev.berth.registry.ipfs;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code berth.storage.ipfs.*}: the IPFS driver ({@code berth.storage.driver=ipfs}) and the Kubo node it stores on.
 *
 * @param api the RPC API of a Kubo node that runs apart from the registry; when not set, the
 *     registry starts and supervises a Kubo of its own with the settings below
 * @param root the MFS folder the registry's files go below
 * @param timeout how long any call waits for Kubo
 * @param binary the registry's own Kubo: the {@code ipfs} executable, or a name looked up on the PATH
 * @param dataDir the registry's data folder; its own Kubo's repository is {@code <data-dir>/kubo}.
 *     By default the user's data folder: {@code $XDG_DATA_HOME/berth} or {@code ~/.local/share/berth},
 *     {@code ~/Library/Application Support/berth} on macOS, {@code %LOCALAPPDATA%\berth} on Windows
 * @param swarmAddresses its own Kubo's swarm listen multiaddrs; by default the repository's own
 * @param routing its own Kubo's {@code Routing.Type}; by default the repository's own
 * @param startupTimeout how long its own Kubo may take until its API answers
 * @param peers multiaddrs ending in {@code /p2p/<peer id>} of nodes that serve trees this registry
 *     pulls from ({@code ipfs/<cid>/...}): dialed at start and kept connected through Kubo's peering
 * @param network the network its own Kubo joins: {@code public}, {@code private} (with the swarm key
 *     and bootstrap peers below) or {@code local} (offline)
 * @param swarmKey the private network's {@code swarm.key} file
 * @param bootstrap the private network's bootstrap peers, multiaddrs ending in {@code /p2p/<peer id>}
 */
@ConfigurationProperties("berth.storage.ipfs")
public record IpfsStorageProperties(URI api, @DefaultValue("/berth") String root, @DefaultValue("30s") Duration timeout,
                                    @DefaultValue("ipfs") Path binary, Path dataDir, @DefaultValue List<String> swarmAddresses,
                                    String routing, @DefaultValue("2m") Duration startupTimeout, @DefaultValue List<String> peers,
                                    @DefaultValue("public") Network network, Path swarmKey, @DefaultValue List<String> bootstrap) {

    /** The values of {@code berth.storage.ipfs.network}, as {@code KuboNetwork} names them. */
    public enum Network { PUBLIC, PRIVATE, LOCAL }

    /** {@link #dataDir()}, or the user's data folder by the platform's convention. */
    public Path dataDirOrDefault() {
        return dataDir != null ? dataDir
                : UserDataFolder.of("berth", System.getProperty("os.name"), System.getenv(), Path.of(System.getProperty("user.home")));
    }
}
