package dev.berth.registry.config;

import dev.berth.registry.manifests.ManifestProperties;
import dev.berth.registry.metrics.RegistryMetrics;
import dev.berth.registry.remote.DnsLinks;
import dev.berth.registry.remote.DnsProperties;
import dev.berth.registry.remote.PeerDialer;
import dev.berth.registry.remote.RemoteProperties;
import dev.berth.registry.remote.RemoteTrees;
import dev.berth.storage.ipfs.IpfsStorageDriver;
import dev.berth.storage.ipfs.kubo.KuboClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.ObjectMapper;

/**
 * Pulls from trees published on IPFS ({@code ipfs/<cid>/...}, {@code ipns/<name>/...}) through the
 * same Kubo node the IPFS driver stores on; without the IPFS driver such names are refused.
 */
@AutoConfiguration(after = {StorageAutoConfiguration.class, RegistryAutoConfiguration.class, JacksonAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(IpfsStorageDriver.class)
@ConditionalOnProperty(name = "berth.storage.driver", havingValue = "ipfs")
@EnableConfigurationProperties({RemoteProperties.class, DnsProperties.class, ManifestProperties.class})
public class RemoteAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    DnsLinks dnsLinks(DnsProperties dns) {
        return new DnsLinks(Optional.ofNullable(dns.resolver()).filter(resolver -> !resolver.isBlank()), dns.timeout());
    }

    @Bean
    @ConditionalOnMissingBean
    PeerDialer peerDialer(KuboConnectionDetails kubo, RemoteProperties remote) {
        return new PeerDialer(client(kubo, remote.dialTimeout()));
    }

    @Bean
    @ConditionalOnMissingBean
    RemoteTrees remoteTrees(KuboConnectionDetails kubo, PeerDialer dialer, DnsLinks dns, RemoteProperties remote,
                            StorageProperties storage, ObjectProvider<MeterRegistry> meters, ObjectMapper json,
                            ManifestProperties manifests, RegistryMetrics registryMetrics) {
        RemoteTrees trees = new RemoteTrees(client(kubo, remote.timeout()), dialer, dns, remote, storage.ipfs().peers(),
                StorageAutoConfiguration.meterRegistry(meters), json, manifests, registryMetrics);
        // In the background: startup does not wait for peers, and each remote read dials them again if needed.
        Thread.ofVirtual().name("berth-peer-dialer").start(trees::dialConfiguredPeers);
        return trees;
    }

    private static KuboClient client(KuboConnectionDetails kubo, Duration timeout) {
        return KuboClient.builder().api(kubo.api()).timeout(timeout).connectTimeout(timeout).build();
    }
}
