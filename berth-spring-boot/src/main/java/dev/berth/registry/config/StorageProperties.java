package dev.berth.registry.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code berth.storage.*}: which driver stores the registry's content, and its settings.
 *
 * @param driver {@code inmemory} (the default), {@code filesystem} or {@code ipfs}
 * @param filesystem settings of the filesystem driver
 * @param ipfs settings of the IPFS driver
 */
@ConfigurationProperties("berth.storage")
public record StorageProperties(@DefaultValue("inmemory") Driver driver, @DefaultValue Filesystem filesystem, @DefaultValue Ipfs ipfs) {

    public enum Driver { INMEMORY, FILESYSTEM, IPFS }

    /** @param root the folder the filesystem driver stores below; required with that driver */
    public record Filesystem(Path root) {
    }

    /**
     * @param api the Kubo node's RPC API
     * @param root the MFS folder the registry's files go below
     * @param timeout how long any call waits for Kubo
     * @param peers multiaddrs ending in {@code /p2p/<peer id>} of nodes that serve trees this registry
     *     pulls from ({@code ipfs/<cid>/...}): dialed at start and kept connected through Kubo's peering
     */
    public record Ipfs(@DefaultValue("http://127.0.0.1:5001") URI api, @DefaultValue("/berth") String root,
                       @DefaultValue("30s") Duration timeout, @DefaultValue List<String> peers) {
    }
}
