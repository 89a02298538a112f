package dev.berth.registry.config;

import dev.berth.registry.layout.RegistryStorage;
import dev.berth.storage.CheckedDriver;
import dev.berth.storage.StorageDriver;
import dev.berth.storage.filesystem.FilesystemDriver;
import dev.berth.storage.inmemory.InMemoryDriver;
import dev.berth.storage.ipfs.IpfsStorageDriver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The registry's storage: the driver chosen by {@code berth.storage.driver}, unless the
 * application defines its own {@link StorageDriver} bean. Whichever it is, the registry reaches
 * it only through {@link RegistryStorage}, behind {@link CheckedDriver}. The driver bean itself
 * stays unwrapped so that the context closes it (the IPFS driver holds connections).
 */
@AutoConfiguration
@EnableConfigurationProperties(StorageProperties.class)
public class StorageAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    StorageDriver storageDriver(StorageProperties properties) {
        return switch (properties.driver()) {
            case INMEMORY -> new InMemoryDriver();
            case FILESYSTEM -> {
                if (properties.filesystem().root() == null) {
                    throw new IllegalStateException("berth.storage.driver=filesystem needs berth.storage.filesystem.root");
                }
                yield new FilesystemDriver(properties.filesystem().root());
            }
            case IPFS -> IpfsStorageDriver.builder()
                    .api(properties.ipfs().api())
                    .root(properties.ipfs().root())
                    .timeout(properties.ipfs().timeout())
                    .build();
        };
    }

    /** Health {@code kubo}, in the readiness group (application.properties). */
    @Bean
    @ConditionalOnProperty(name = "berth.storage.driver", havingValue = "ipfs")
    HealthIndicator kuboHealthIndicator(StorageDriver driver) {
        return new KuboHealthIndicator(driver);
    }

    @Bean
    @ConditionalOnMissingBean
    RegistryStorage registryStorage(StorageDriver driver, ObjectProvider<MeterRegistry> meters) {
        return new RegistryStorage(driver, meters.getIfAvailable(() -> Metrics.globalRegistry));
    }
}
