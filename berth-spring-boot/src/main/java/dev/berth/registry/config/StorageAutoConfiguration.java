package dev.berth.registry.config;

import dev.berth.registry.metrics.RegistryMetrics;
import dev.berth.registry.store.RegistryStorage;
import dev.berth.storage.CheckedDriver;
import dev.berth.storage.StorageDriver;
import dev.berth.storage.filesystem.FilesystemDriver;
import dev.berth.storage.inmemory.InMemoryDriver;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The registry's storage: the driver chosen by {@code berth.storage.driver}, unless the
 * application defines its own {@link StorageDriver} bean (the IPFS driver comes from
 * {@code dev.berth.registry.ipfs.IpfsAutoConfiguration}). Whichever it is, the registry reaches
 * it only through {@link RegistryStorage}, behind {@link CheckedDriver}. The driver bean itself
 * stays unwrapped so that the context closes it (the IPFS driver holds connections).
 */
@AutoConfiguration
@EnableConfigurationProperties(StorageProperties.class)
public class StorageAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "berth.storage.driver", havingValue = "inmemory", matchIfMissing = true)
    StorageDriver inMemoryStorageDriver() {
        return new InMemoryDriver();
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "berth.storage.driver", havingValue = "filesystem")
    StorageDriver filesystemStorageDriver(StorageProperties properties) {
        if (properties.filesystem().root() == null) {
            throw new IllegalStateException("berth.storage.driver=filesystem needs berth.storage.filesystem.root");
        }
        return new FilesystemDriver(properties.filesystem().root());
    }

    @Bean
    @ConditionalOnMissingBean
    RegistryStorage registryStorage(StorageProperties properties, StorageDriver driver, ObjectProvider<MeterRegistry> meters) {
        // properties come first so that a misspelt driver name fails as a binding error naming the
        // property, not as "no StorageDriver bean" (no driver condition matched it)
        return new RegistryStorage(driver, RegistryMetrics.meterRegistry(meters));
    }
}
