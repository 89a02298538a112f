package dev.berth.registry.ipfs;

import dev.berth.registry.metrics.RegistryMetrics;
import dev.berth.storage.StorageDriver;
import dev.berth.storage.ipfs.IpfsStorageDriver;
import dev.berth.storage.ipfs.node.KuboNetwork;
import dev.berth.storage.ipfs.node.ManagedKubo;
import io.micrometer.core.instrument.MeterRegistry;
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
 * Storage on IPFS ({@code berth.storage.driver=ipfs}): the IPFS driver over a Kubo node, that node
 * (one the registry runs itself unless {@code berth.storage.ipfs.api} names another), and its
 * health. The driver is present when storage-ipfs is on the classpath (the starter brings it).
 */
@AutoConfiguration
@ConditionalOnProperty(name = "berth.storage.driver", havingValue = "ipfs")
public class IpfsAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(IpfsStorageDriver.class)
    @EnableConfigurationProperties(IpfsStorageProperties.class)
    static class Driver {

        /** A Kubo that runs apart from the registry, named by {@code berth.storage.ipfs.api}. */
        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnProperty(name = "berth.storage.ipfs.api")
        KuboConnectionDetails kuboConnectionDetails(IpfsStorageProperties properties) {
            return properties::api;
        }

        @Bean
        @ConditionalOnMissingBean
        StorageDriver ipfsStorageDriver(IpfsStorageProperties properties, KuboConnectionDetails kubo,
                                        ObjectProvider<MeterRegistry> meters) {
            return IpfsStorageDriver.builder()
                    .api(kubo.api())
                    .root(properties.root())
                    .timeout(properties.timeout())
                    .meterRegistry(RegistryMetrics.meterRegistry(meters))
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

    /**
     * Without {@code berth.storage.ipfs.api}, a Kubo of the registry's own: started before the
     * driver (which depends on it through the connection details) and stopped after it.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(IpfsStorageDriver.class)
    @Conditional(Managed.ApiNotSet.class)
    @ConditionalOnMissingBean({KuboConnectionDetails.class, StorageDriver.class})
    @EnableConfigurationProperties(IpfsStorageProperties.class)
    static class Managed {

        @Bean(destroyMethod = "close")
        ManagedKubo managedKubo(IpfsStorageProperties ipfs, Environment environment) {
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

        static class ApiNotSet extends NoneNestedConditions {
            ApiNotSet() {
                super(ConfigurationPhase.REGISTER_BEAN);
            }

            @ConditionalOnProperty(name = "berth.storage.ipfs.api")
            static class ApiSet {
            }
        }
    }

    /** {@code berth.storage.driver=ipfs} without storage-ipfs: say what is missing instead of "no StorageDriver bean". */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("dev.berth.storage.ipfs.IpfsStorageDriver")
    static class IpfsMissing {

        @Bean
        @ConditionalOnMissingBean
        StorageDriver ipfsStorageDriver() {
            throw new IllegalStateException("berth.storage.driver=ipfs needs dev.berth:storage-ipfs on the classpath"
                    + " (berth-spring-boot-starter brings it)");
        }
    }
}
