package dev.berth.registry.ipfs.publish;

import dev.berth.registry.repository.Blobs;
import dev.berth.registry.repository.Manifests;
import dev.berth.registry.repository.Tags;
import dev.berth.registry.store.RegistryStorage;
import dev.berth.storage.ipfs.IpfsStorageDriver;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
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
@AutoConfiguration(afterName = "dev.berth.registry.config.RegistryAutoConfiguration")
@ConditionalOnClass(IpfsStorageDriver.class)
@ConditionalOnBean(Manifests.class)
@EnableConfigurationProperties(PublishProperties.class)
public class PublishAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PublishedRoot publishedRoot(RegistryStorage storage, ObjectProvider<DerivedTrees> derived) {
        return new PublishedRoot(PublishedTrees.of(storage), storage.driver().name(), Optional.ofNullable(derived.getIfAvailable()));
    }

    @Bean
    @ConditionalOnMissingBean
    GatewayView gatewayView(Tags tags, Manifests manifests, Blobs blobs, ObjectMapper json) {
        return new GatewayView(tags, manifests, blobs, json);
    }

    /** The one worker that applies changes to the derived trees, off the request path. */
    @Bean
    @ConditionalOnMissingBean
    DerivedTrees derivedTrees(RegistryStorage storage, GatewayView view, ImageTrees images, ObjectProvider<IpnsPublisher> ipns,
                              PublishProperties properties) {
        return new DerivedTrees(PublishedTrees.of(storage), view, images, ipns, properties.delay());
    }

    @Bean
    @ConditionalOnMissingBean
    ImageTrees imageTrees(RegistryStorage storage, Manifests manifests, GatewayView view, ObjectMapper json,
                          ObjectProvider<UnpublishedRepositories> unpublished) {
        return new ImageTrees(PublishedTrees.of(storage), manifests, view, json, unpublished.orderedStream().toList());
    }

    @Bean
    @ConditionalOnMissingBean
    PublishEndpoints publishEndpoints(ObjectProvider<PublishedRoot> root, ObjectProvider<IpnsPublisher> ipns,
                                      ObjectProvider<ImageTrees> images) {
        return new PublishEndpoints(root, ipns, images);
    }

    /** Only when a key is configured; inert (it says so at start) when storage is not IPFS. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "berth.publish.ipns.key")
    IpnsPublisher ipnsPublisher(RegistryStorage storage, PublishProperties properties) {
        return new IpnsPublisher(PublishedTrees.of(storage), properties.ipns());
    }
}
