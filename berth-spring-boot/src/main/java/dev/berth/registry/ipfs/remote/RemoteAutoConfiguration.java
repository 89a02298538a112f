package dev.berth.registry.ipfs.remote;

import dev.berth.registry.blobs.BlobStore;
import dev.berth.registry.ipfs.IpfsStorageProperties;
import dev.berth.registry.ipfs.KuboConnectionDetails;
import dev.berth.registry.manifests.ManifestProperties;
import dev.berth.registry.metrics.RegistryMetrics;
import dev.berth.registry.repository.RepositoryKind;
import dev.berth.registry.store.DigestCheck;
import dev.berth.storage.ipfs.IpfsStorageDriver;
import dev.berth.storage.ipfs.kubo.KuboClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import tools.jackson.databind.ObjectMapper;

/**
 * Repositories under {@code ipfs/} and {@code ipns/}: pulls from trees published on IPFS through
 * the same Kubo node the IPFS driver stores on ({@link RemoteTreeKind}). The names are reserved
 * whenever storage-ipfs is present; without the IPFS driver they are NAME_UNKNOWN.
 */
@AutoConfiguration(afterName = {"dev.berth.registry.ipfs.IpfsAutoConfiguration", "dev.berth.registry.config.RegistryAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(IpfsStorageDriver.class)
@ConditionalOnBean(BlobStore.class)
@EnableConfigurationProperties({RemoteProperties.class, DnsProperties.class})
public class RemoteAutoConfiguration {

    /** Asked before this registry's own store, which would otherwise take the names. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 100)
    @ConditionalOnMissingBean(name = "remoteTreeKind")
    RepositoryKind remoteTreeKind(ObjectProvider<RemoteTrees> trees, BlobStore local, ObjectMapper json, ManifestProperties manifests,
                                  DigestCheck check, ObjectProvider<RemoteTreeFormat> formats) {
        return new RemoteTreeKind(Optional.ofNullable(trees.getIfAvailable()), local, json, manifests, check,
                formats.orderedStream().toList());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "berth.storage.driver", havingValue = "ipfs")
    static class Trees {

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
                                IpfsStorageProperties storage, ObjectProvider<MeterRegistry> meters) {
            RemoteTrees trees = new RemoteTrees(client(kubo, remote.timeout()), dialer, dns, remote, storage.peers(),
                    RegistryMetrics.meterRegistry(meters));
            // In the background: startup does not wait for peers, and each remote read dials them again if needed.
            Thread.ofVirtual().name("berth-peer-dialer").start(trees::dialConfiguredPeers);
            return trees;
        }

        /** A listing of a remote folder is what anyone published: 8 MiB of it (some 50,000 entries) at most. */
        private static KuboClient client(KuboConnectionDetails kubo, Duration timeout) {
            return KuboClient.builder().api(kubo.api()).timeout(timeout).connectTimeout(timeout).maxReplySize(8 * 1024 * 1024).build();
        }
    }
}
