package dev.berth.registry.config;

import dev.berth.registry.layout.RegistryStorage;
import dev.berth.storage.CheckedDriver;
import dev.berth.storage.StorageDriver;
import dev.berth.storage.filesystem.FilesystemDriver;
import dev.berth.storage.inmemory.InMemoryDriver;
import dev.berth.storage.ipfs.IpfsStorageDriver;
import dev.berth.storage.ipfs.node.KuboNetwork;
import dev.berth.storage.ipfs.node.ManagedKubo;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

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
        return new RegistryStorage(driver, meterRegistry(meters));
    }

    /** The application's registry; Micrometer's global one in an application without metrics. */
    static MeterRegistry meterRegistry(ObjectProvider<MeterRegistry> meters) {
        return meters.getIfAvailable(() -> Metrics.globalRegistry);
    }

    /** The IPFS driver, present when storage-ipfs is on the classpath (the starter brings it). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(IpfsStorageDriver.class)
    @ConditionalOnProperty(name = "berth.storage.driver", havingValue = "ipfs")
    static class Ipfs {

        /** A Kubo that runs apart from the registry, named by {@code berth.storage.ipfs.api}. */
        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnProperty(name = "berth.storage.ipfs.api")
        KuboConnectionDetails kuboConnectionDetails(StorageProperties properties) {
            return properties.ipfs()::api;
        }

        /**
         * Without {@code berth.storage.ipfs.api}, a Kubo of the registry's own: started before the
         * driver (which depends on it through the connection details) and stopped after it.
         */
        @Configuration(proxyBeanMethods = false)
        @Conditional(ApiNotSet.class)
        @ConditionalOnMissingBean({KuboConnectionDetails.class, StorageDriver.class})
        static class Managed {

            @Bean(destroyMethod = "close")
            ManagedKubo managedKubo(StorageProperties properties, Environment environment) {
                StorageProperties.Ipfs ipfs = properties.ipfs();
                // On SIGTERM the context closes Kubo after the driver, once in-flight requests are
                // done; the JVM's own backstop waits that long before it stops Kubo itself.
                Duration shutdownPhase = Binder.get(environment)
                        .bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
                        .orElse(Duration.ofSeconds(30));
                return ManagedKubo.builder()
                        .binary(ipfs.binary())
                        .repository(ipfs.dataDirOrDefault().resolve("kubo"))
                        .swarmAddresses(ipfs.swarmAddresses())
                        .routing(ipfs.routing())
                        .network(KuboNetwork.valueOf(ipfs.network().name()))
                        .swarmKey(ipfs.swarmKey())
                        .bootstrap(ipfs.bootstrap())
                        .startupTimeout(ipfs.startupTimeout())
                        .jvmExitGrace(shutdownPhase.plusSeconds(10))
                        .start();
            }

            @Bean
            KuboConnectionDetails managedKuboConnectionDetails(ManagedKubo kubo) {
                return kubo::api;
            }
        }

        static class ApiNotSet extends NoneNestedConditions {
            ApiNotSet() {
                super(ConfigurationPhase.REGISTER_BEAN);
            }

            @ConditionalOnProperty(name = "berth.storage.ipfs.api")
            static class ApiSet {
            }
        }

        @Bean
        @ConditionalOnMissingBean
        StorageDriver ipfsStorageDriver(StorageProperties properties, KuboConnectionDetails kubo,
                                        ObjectProvider<MeterRegistry> meters) {
            return IpfsStorageDriver.builder()
                    .api(kubo.api())
                    .root(properties.ipfs().root())
                    .timeout(properties.ipfs().timeout())
                    .meterRegistry(meterRegistry(meters))
                    .build();
        }

        /** Health {@code kubo}, in the readiness group (application.properties). */
        @Bean
        @ConditionalOnClass(HealthIndicator.class)
        @ConditionalOnMissingBean(name = "kuboHealthIndicator")
        HealthIndicator kuboHealthIndicator(StorageDriver driver) {
            return new KuboHealthIndicator(driver);
        }
    }

    /** {@code berth.storage.driver=ipfs} without storage-ipfs: say what is missing instead of "no StorageDriver bean". */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("dev.berth.storage.ipfs.IpfsStorageDriver")
    @ConditionalOnProperty(name = "berth.storage.driver", havingValue = "ipfs")
    static class IpfsMissing {

        @Bean
        @ConditionalOnMissingBean
        StorageDriver ipfsStorageDriver() {
            throw new IllegalStateException("berth.storage.driver=ipfs needs dev.berth:storage-ipfs on the classpath"
                    + " (berth-spring-boot-starter brings it)");
        }
    }
}
