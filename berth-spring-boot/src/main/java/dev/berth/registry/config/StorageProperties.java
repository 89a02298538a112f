package dev.berth.registry.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code berth.storage.*}: which driver stores the registry's content, and its settings. The IPFS
 * driver's own settings are {@code berth.storage.ipfs.*} ({@code dev.berth.registry.ipfs.IpfsStorageProperties}).
 *
 * @param driver {@code inmemory} (the default), {@code filesystem} or {@code ipfs}
 * @param filesystem settings of the filesystem driver
 */
@ConfigurationProperties("berth.storage")
public record StorageProperties(@DefaultValue("inmemory") Driver driver, @DefaultValue Filesystem filesystem) {

    public enum Driver { INMEMORY, FILESYSTEM, IPFS }

    /** @param root the folder the filesystem driver stores below; required with that driver */
    public record Filesystem(Path root) {
    }
}
