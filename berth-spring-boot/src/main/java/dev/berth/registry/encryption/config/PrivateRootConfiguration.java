package dev.berth.registry.encryption.config;

import dev.berth.registry.encryption.EncryptionProperties;
import dev.berth.registry.encryption.ipfs.PrivateRoot;
import dev.berth.registry.encryption.ipfs.PrivateRootEndpoint;
import dev.berth.registry.encryption.store.PrivateStorage;
import dev.berth.registry.ipfs.publish.IpnsPublisher;
import dev.berth.registry.ipfs.publish.PublishProperties;
import dev.berth.registry.ipfs.publish.PublishedTrees;
import dev.berth.registry.ipfs.publish.UnpublishedRepositories;
import dev.berth.storage.ipfs.IpfsStorageDriver;
import java.util.Optional;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The private tree's own root on IPFS ({@code GET /berth/v1/root/private}, its own IPNS name), and
 * the refusal of image CIDs for private repositories: the public tree never names them.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(IpfsStorageDriver.class)
@EnableConfigurationProperties(PublishProperties.class)
class PrivateRootConfiguration {
    static final String IPNS_KEY_SUFFIX = "-private";

    @Bean(destroyMethod = "close")
    PrivateRoot privateRoot(PrivateStorage storage, PublishProperties publish) {
        var tree = PublishedTrees.of(storage.storage());
        Optional<IpnsPublisher> ipns = publish.ipns().enabled() && tree.isPresent()
                ? Optional.of(new IpnsPublisher(tree, new PublishProperties.Ipns(publish.ipns().key() + IPNS_KEY_SUFFIX,
                        publish.ipns().debounce(), publish.ipns().lifetime())))
                : Optional.empty();
        return new PrivateRoot(tree, storage.storage().driver().name(), ipns);
    }

    @Bean
    PrivateRootEndpoint privateRootEndpoint(PrivateRoot root) {
        return new PrivateRootEndpoint(root);
    }

    @Bean
    UnpublishedRepositories privateRepositoriesAreUnpublished(EncryptionProperties properties) {
        return repository -> properties.modeOf(repository.value()).map(mode -> repository + " is a private repository: its images "
                + "are not published and have no image CID; another node holding the keyset pulls it by the private root "
                + "(GET /berth/v1/root/private), as ipfs/<private root>/" + repository);
    }
}
