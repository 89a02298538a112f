package dev.berth.registry.config;

import dev.berth.registry.layout.RegistryStorage;
import dev.berth.storage.CheckedDriver;
import dev.berth.storage.StorageDriver;
import dev.berth.storage.filesystem.FilesystemDriver;
import dev.berth.storage.inmemory.InMemoryDriver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The registry's storage: the driver chosen by {@code berth.storage.driver}, unless the
 * application defines its own {@link StorageDriver} bean. Whichever it is, the registry uses it
 * through {@link CheckedDriver}.
 */
@AutoConfiguration
@EnableConfigurationProperties(StorageProperties.class)
public class StorageAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    StorageDriver storageDriver(StorageProperties properties, ObjectProvider<MeterRegistry> meters) {
        StorageDriver driver = switch (properties.driver()) {
            case INMEMORY -> new InMemoryDriver();
            case FILESYSTEM -> {
                if (properties.filesystem().root() == null) {
                    throw new IllegalStateException("berth.storage.driver=filesystem needs berth.storage.filesystem.root");
                }
                yield new FilesystemDriver(properties.filesystem().root());
            }
            case IPFS -> throw new IllegalStateException("berth.storage.driver=ipfs is not available in this build yet");
        };
        return CheckedDriver.wrap(driver, meters.getIfAvailable(() -> Metrics.globalRegistry));
    }

    @Bean
    RegistryStorage registryStorage(StorageDriver driver, ObjectProvider<MeterRegistry> meters) {
        return new RegistryStorage(driver, meters.getIfAvailable(() -> Metrics.globalRegistry));
    }
}
