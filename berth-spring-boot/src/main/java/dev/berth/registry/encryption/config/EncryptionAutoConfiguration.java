package dev.berth.registry.encryption.config;

import dev.berth.registry.catalog.StoredCatalog;
import dev.berth.registry.config.RegistryAutoConfiguration;
import dev.berth.registry.config.StorageAutoConfiguration;
import dev.berth.registry.encryption.EncryptionMode;
import dev.berth.registry.encryption.EncryptionProperties;
import dev.berth.registry.encryption.KeyEncryptionKey;
import dev.berth.registry.encryption.KeysetFile;
import dev.berth.registry.encryption.ipfs.PrivateTreeFormat;
import dev.berth.registry.encryption.store.CatalogWithPrivateRepositories;
import dev.berth.registry.encryption.store.EncryptionEndpoint;
import dev.berth.registry.encryption.store.PrivateGarbageCollector;
import dev.berth.registry.encryption.store.PrivateKeys;
import dev.berth.registry.encryption.store.PrivateRepositories;
import dev.berth.registry.encryption.store.PrivateRepositoryKind;
import dev.berth.registry.encryption.store.PrivateStorage;
import dev.berth.registry.encryption.store.PrivateTree;
import dev.berth.registry.encryption.store.Reencryption;
import dev.berth.registry.gc.GcProperties;
import dev.berth.registry.ipfs.IpfsStorageProperties;
import dev.berth.registry.manifests.ManifestProperties;
import dev.berth.registry.repository.Catalog;
import dev.berth.registry.repository.RepositoryKind;
import dev.berth.registry.store.DigestCheck;
import dev.berth.registry.store.RegistryStorage;
import dev.berth.storage.ipfs.IpfsStorageDriver;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import tools.jackson.databind.ObjectMapper;

/**
 * Private repositories ({@code berth.encryption.*}): the repositories the globs name are served by
 * {@link PrivateRepositoryKind} from a private tree in a storage of their own, encrypted with the
 * keyset file. Without {@code berth.encryption.repositories} (or {@code random-key-repositories})
 * nothing here is defined, except that a registry on IPFS recognises private trees it is asked to
 * pull and refuses them clearly when it cannot read them.
 */
@AutoConfiguration(after = StorageAutoConfiguration.class, before = RegistryAutoConfiguration.class,
        afterName = "dev.berth.registry.ipfs.IpfsAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(EncryptionProperties.class)
public class EncryptionAutoConfiguration {
    private static final Logger log = LoggerFactory.getLogger(EncryptionAutoConfiguration.class);
    private static final String STAGING_FOLDER = "private-uploads";

    /** Private trees that other registries publish on IPFS, pulled by name; present whenever storage-ipfs is. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(IpfsStorageDriver.class)
    static class PrivateTreesOnIpfs {

        @Bean
        @ConditionalOnMissingBean
        PrivateTreeFormat privateTreeFormat(ObjectProvider<PrivateKeys> keys, DigestCheck check, ObjectMapper json,
                                            ManifestProperties manifests) {
            return new PrivateTreeFormat(Optional.ofNullable(keys.getIfAvailable()), check, json, manifests);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(EncryptionEnabled.class)
    @EnableConfigurationProperties(GcProperties.class)
    @Import({PrivateStorageConfiguration.class, PrivateRootConfiguration.class})
    static class PrivateRepositoriesConfiguration {

        @Bean
        @ConditionalOnMissingBean
        PrivateKeys privateKeys(EncryptionProperties properties, PrivateStorage storage) {
            KeysetFile file = new KeysetFile(properties.keyset(), KeyEncryptionKey.fromEnvironment(System.getenv()));
            return PrivateKeys.load(file, storage.storage());
        }

        @Bean
        @ConditionalOnMissingBean
        PrivateTree privateTree(PrivateStorage storage, PrivateKeys keys, EncryptionProperties properties) {
            PrivateTree tree = new PrivateTree(storage.storage(), keys,
                    name -> properties.modeOf(name.value()).orElse(EncryptionMode.CONVERGENT));
            keys.requireMaker(tree);
            log.info("Private repositories {} (random keys: {}) are encrypted with the keyset {} into {}", properties.repositories(),
                    properties.randomKeyRepositories(), keys.file().path(), storage.where());
            return tree;
        }

        @Bean
        @ConditionalOnMissingBean
        PrivateRepositories privateRepositories(PrivateTree tree, EncryptionProperties properties,
                                                ObjectProvider<IpfsStorageProperties> ipfs, DigestCheck check, ObjectMapper json,
                                                ManifestProperties manifests, ApplicationEventPublisher events) {
            return new PrivateRepositories(tree, stagingFolder(properties, ipfs), check, json, manifests, events);
        }

        /** Asked just before this registry's own store, after every other kind. */
        @Bean
        @Order(Ordered.LOWEST_PRECEDENCE - 100)
        @ConditionalOnMissingBean(name = "privateRepositoryKind")
        RepositoryKind privateRepositoryKind(EncryptionProperties properties, PrivateRepositories repositories) {
            return new PrivateRepositoryKind(properties, repositories);
        }

        /** {@code _catalog} lists private repositories beside the others (defined here so that the local store's backs off). */
        @Bean
        @ConditionalOnMissingBean
        Catalog catalog(RegistryStorage storage, PrivateRepositories repositories) {
            return new CatalogWithPrivateRepositories(new StoredCatalog(storage), repositories.catalog());
        }

        @Bean
        @ConditionalOnMissingBean
        PrivateGarbageCollector privateGarbageCollector(PrivateRepositories repositories, GcProperties properties, ObjectMapper json) {
            return new PrivateGarbageCollector(repositories, properties, json, Clock.systemUTC());
        }

        @Bean(destroyMethod = "close")
        @ConditionalOnBooleanProperty("berth.gc.enabled")
        PrivateGcSchedule privateGcSchedule(PrivateGarbageCollector collector) {
            return new PrivateGcSchedule(collector);
        }

        @Bean
        @ConditionalOnMissingBean
        Reencryption reencryption(PrivateRepositories repositories) {
            return new Reencryption(repositories);
        }

        @Bean
        @ConditionalOnClass(Endpoint.class)
        @ConditionalOnMissingBean
        EncryptionEndpoint encryptionEndpoint(PrivateKeys keys, PrivateRepositories repositories, Reencryption reencryption,
                                              PrivateGarbageCollector collector) {
            return new EncryptionEndpoint(keys, repositories, reencryption, collector);
        }

        private static Path stagingFolder(EncryptionProperties properties, ObjectProvider<IpfsStorageProperties> ipfs) {
            if (properties.staging() != null) {
                return properties.staging();
            }
            IpfsStorageProperties onIpfs = ipfs.getIfAvailable();
            return onIpfs != null ? onIpfs.dataDirOrDefault().resolve(STAGING_FOLDER)
                    : Path.of(System.getProperty("java.io.tmpdir"), "berth-" + STAGING_FOLDER);
        }
    }
}
