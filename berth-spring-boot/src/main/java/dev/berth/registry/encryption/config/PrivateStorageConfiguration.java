package dev.berth.registry.encryption.config;

import dev.berth.registry.config.StorageProperties;
import dev.berth.registry.encryption.store.PrivateStorage;
import dev.berth.registry.ipfs.IpfsStorageProperties;
import dev.berth.registry.ipfs.KuboConnectionDetails;
import dev.berth.registry.metrics.RegistryMetrics;
import dev.berth.registry.store.RegistryStorage;
import dev.berth.storage.StorageDriver;
import dev.berth.storage.filesystem.FilesystemDriver;
import dev.berth.storage.inmemory.InMemoryDriver;
import dev.berth.storage.ipfs.IpfsStorageDriver;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The private repositories' own storage, beside the registry's public one and of the same kind: a
 * second IPFS driver on the same Kubo with the MFS folder {@code <berth.storage.ipfs.root>-private}
 * (beside the public driver, sharing its lock on MFS changes),
 * the folder {@code <berth.storage.filesystem.root>-private}, or another in-memory driver. With a
 * {@code StorageDriver} bean of the application's own, the application defines a
 * {@link PrivateStorage} bean too: Berth cannot tell where such a driver keeps a second tree.
 */
@Configuration(proxyBeanMethods = false)
class PrivateStorageConfiguration {
    static final String PRIVATE_SUFFIX = "-private";

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "berth.storage.driver", havingValue = "inmemory", matchIfMissing = true)
    PrivateStorage inMemoryPrivateStorage(RegistryStorage published, ObjectProvider<MeterRegistry> meters) {
        requireDriver(published, InMemoryDriver.NAME);
        return new PrivateStorage(new InMemoryDriver(), "memory", RegistryMetrics.meterRegistry(meters));
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "berth.storage.driver", havingValue = "filesystem")
    PrivateStorage filesystemPrivateStorage(RegistryStorage published, StorageProperties properties, ObjectProvider<MeterRegistry> meters) {
        requireDriver(published, FilesystemDriver.NAME);
        if (properties.filesystem().root() == null) {
            throw new IllegalStateException("berth.storage.driver=filesystem needs berth.storage.filesystem.root");
        }
        Path root = properties.filesystem().root().toAbsolutePath();
        Path folder = root.resolveSibling(root.getFileName() + PRIVATE_SUFFIX);
        return new PrivateStorage(new FilesystemDriver(folder), folder.toString(), RegistryMetrics.meterRegistry(meters));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(IpfsStorageDriver.class)
    @ConditionalOnProperty(name = "berth.storage.driver", havingValue = "ipfs")
    static class OnIpfs {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        PrivateStorage ipfsPrivateStorage(RegistryStorage published, IpfsStorageProperties ipfs, KuboConnectionDetails kubo,
                                          ObjectProvider<MeterRegistry> meters) {
            requireDriver(published, IpfsStorageDriver.NAME);
            String root = ipfs.root() + PRIVATE_SUFFIX;
            // Beside the public driver, sharing its MFS lock: Kubo's MFS loses changes made at once anywhere in its tree.
            IpfsStorageDriver driver = published.driver().unwrap(IpfsStorageDriver.class).orElseThrow().besideAt(root);
            return new PrivateStorage(driver, "the MFS folder " + root + " of " + kubo.api(), RegistryMetrics.meterRegistry(meters));
        }
    }

    /** Refuses to guess a second tree for a driver of the application's own. */
    private static void requireDriver(RegistryStorage published, String expected) {
        StorageDriver driver = published.driver();
        if (!driver.name().equals(expected)) {
            throw new IllegalStateException("private repositories need a storage of their own beside the registry's " + driver.name()
                    + " driver; with a StorageDriver bean of the application's own, define a "
                    + PrivateStorage.class.getName() + " bean as well");
        }
    }
}
