package dev.berth.registry.publish;

import dev.berth.registry.config.RegistryAutoConfiguration;
import dev.berth.registry.layout.RegistryStorage;
import dev.berth.registry.manifests.ManifestService;
import dev.berth.registry.tags.TagStore;
import dev.berth.storage.ipfs.IpfsStorageDriver;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.ObjectMapper;

/**
 * Publishing on the IPFS driver: the gateway view kept in the published tree, image CIDs, and
 * IPNS publishing of the root when {@code berth.publish.ipns.key} is set. On other drivers the
 * view and image trees are inert and IPNS publishing is off.
 */
@AutoConfiguration(after = RegistryAutoConfiguration.class)
@ConditionalOnClass(IpfsStorageDriver.class)
@ConditionalOnBean(ManifestService.class)
@EnableConfigurationProperties(PublishProperties.class)
public class PublishAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PublishedRoot publishedRoot(RegistryStorage storage) {
        return new PublishedRoot(PublishedTrees.of(storage), storage.driver().name());
    }

    @Bean
    @ConditionalOnMissingBean
    GatewayView gatewayView(RegistryStorage storage, TagStore tags, ManifestService manifests, ObjectMapper json) {
        return new GatewayView(PublishedTrees.of(storage), tags, manifests, json);
    }

    @Bean
    @ConditionalOnMissingBean
    ImageTrees imageTrees(RegistryStorage storage, ManifestService manifests, GatewayView view) {
        return new ImageTrees(PublishedTrees.of(storage), manifests, view);
    }

    /** Only when a key is configured; inert (it says so at start) when storage is not IPFS. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "berth.publish.ipns.key")
    IpnsPublisher ipnsPublisher(RegistryStorage storage, PublishProperties properties) {
        return new IpnsPublisher(PublishedTrees.of(storage), properties.ipns());
    }
}
