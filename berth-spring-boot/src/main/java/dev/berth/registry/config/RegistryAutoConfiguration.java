package dev.berth.registry.config;

import dev.berth.registry.blobs.BlobStore;
import dev.berth.registry.blobs.StoredBlobs;
import dev.berth.registry.catalog.StoredCatalog;
import dev.berth.registry.http.RegistryHttpConfiguration;
import dev.berth.registry.manifests.ManifestProperties;
import dev.berth.registry.manifests.StoredManifests;
import dev.berth.registry.metrics.RegistryMetrics;
import dev.berth.registry.referrers.ReferrerIndex;
import dev.berth.registry.referrers.StoredReferrers;
import dev.berth.registry.repository.Blobs;
import dev.berth.registry.repository.Catalog;
import dev.berth.registry.repository.Manifests;
import dev.berth.registry.repository.Referrers;
import dev.berth.registry.repository.Repository;
import dev.berth.registry.repository.RepositoryKind;
import dev.berth.registry.repository.RepositoryLocator;
import dev.berth.registry.repository.Tags;
import dev.berth.registry.repository.Uploads;
import dev.berth.registry.store.DigestCheck;
import dev.berth.registry.store.RegistryStorage;
import dev.berth.registry.store.SweepGuard;
import dev.berth.registry.tags.StoredTags;
import dev.berth.registry.uploads.StoredUploads;
import dev.berth.registry.uploads.UploadLocks;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;
import tools.jackson.databind.ObjectMapper;

/**
 * The OCI Distribution API under {@code /v2/}, in any servlet web application, over the storage
 * that {@link StorageAutoConfiguration} provides. Every domain service (blobs, uploads, manifests,
 * tags, referrers, catalog) and the repository locator is a bean an application may replace with
 * its own; repository kinds are beans too ({@link RepositoryKind}), asked in their order before
 * this registry's own store.
 */
// Before Web MVC's form-content filter and Boot's multipart resolver, which back off to the registry's (RegistryHttpConfiguration)
@AutoConfiguration(after = {StorageAutoConfiguration.class, JacksonAutoConfiguration.class},
        beforeName = {"org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration",
                "org.springframework.boot.servlet.autoconfigure.MultipartAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ManifestProperties.class)
@Import({RegistryAutoConfiguration.LocalStore.class, RegistryAutoConfiguration.Seam.class, RegistryHttpConfiguration.class})
public class RegistryAutoConfiguration {
    private static final List<String> SECURITY_CLASSES = List.of("org.springframework.security.web.SecurityFilterChain",
            "org.springframework.security.oauth2.jwt.JwtEncoder",
            "org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter");

    /**
     * Refuses to start when {@code berth.auth.mode} asks for access control but Spring Security is
     * missing, which would otherwise leave the registry open to everyone without a word.
     */
    RegistryAutoConfiguration(Environment environment, ResourceLoader resources) {
        String mode = environment.getProperty("berth.auth.mode", "none");
        ClassLoader loader = resources.getClassLoader();
        if (!mode.equalsIgnoreCase("none") && !SECURITY_CLASSES.stream().allMatch(name -> ClassUtils.isPresent(name, loader))) {
            throw new IllegalStateException("berth.auth.mode=" + mode + " needs Spring Security on the classpath: "
                    + "spring-boot-starter-security, spring-security-oauth2-resource-server and spring-security-oauth2-jose "
                    + "(berth-spring-boot-starter brings them)");
        }
    }

    @Bean
    @ConditionalOnMissingBean
    RegistryMetrics registryMetrics(ObjectProvider<MeterRegistry> meters) {
        return new RegistryMetrics(RegistryMetrics.meterRegistry(meters));
    }

    /** This registry's own store, over {@link RegistryStorage}: one bean per domain service. */
    @Configuration(proxyBeanMethods = false)
    static class LocalStore {

        @Bean
        @ConditionalOnMissingBean
        SweepGuard sweepGuard() {
            return new SweepGuard();
        }

        @Bean
        @ConditionalOnMissingBean
        DigestCheck digestCheck(RegistryMetrics metrics) {
            return new DigestCheck(metrics);
        }

        @Bean
        @ConditionalOnMissingBean
        BlobStore blobStore(RegistryStorage storage, SweepGuard guard, DigestCheck check) {
            return new BlobStore(storage, guard, check);
        }

        @Bean
        @ConditionalOnMissingBean
        ReferrerIndex referrerIndex(RegistryStorage storage, ObjectMapper json) {
            return new ReferrerIndex(storage, json);
        }

        @Bean
        @ConditionalOnMissingBean
        Blobs blobs(BlobStore store) {
            return new StoredBlobs(store);
        }

        @Bean
        @ConditionalOnMissingBean
        UploadLocks uploadLocks() {
            return new UploadLocks();
        }

        @Bean
        @ConditionalOnMissingBean
        Uploads uploads(RegistryStorage storage, BlobStore store, SweepGuard guard, DigestCheck check, UploadLocks locks,
                        RegistryMetrics metrics) {
            return new StoredUploads(storage, store, guard, check, locks, metrics);
        }

        @Bean
        @ConditionalOnMissingBean
        Tags tags(RegistryStorage storage, ApplicationEventPublisher events) {
            return new StoredTags(storage, events);
        }

        @Bean
        @ConditionalOnMissingBean
        Manifests manifests(RegistryStorage storage, BlobStore store, Tags tags, ReferrerIndex referrers, ObjectMapper json,
                            ManifestProperties properties, SweepGuard guard, DigestCheck check, ApplicationEventPublisher events) {
            return new StoredManifests(storage, store, tags, referrers, json, properties, guard, check, events);
        }

        @Bean
        @ConditionalOnMissingBean
        Referrers referrers(ReferrerIndex index) {
            return new StoredReferrers(index);
        }

        @Bean
        @ConditionalOnMissingBean
        Catalog catalog(RegistryStorage storage) {
            return new StoredCatalog(storage);
        }
    }

    /** Where requests find their repository: the kinds in order, this registry's store last. */
    @Configuration(proxyBeanMethods = false)
    static class Seam {

        /** This registry's own store: every name no other kind claimed. */
        @Bean
        @Order(Ordered.LOWEST_PRECEDENCE)
        @ConditionalOnMissingBean(name = "localRepositories")
        RepositoryKind localRepositories(Blobs blobs, Uploads uploads, Manifests manifests, Tags tags, Referrers referrers) {
            return name -> Optional.of(Repository.of(name, Repository.ALL, blobs, uploads, manifests, tags, referrers));
        }

        @Bean
        @ConditionalOnMissingBean
        RepositoryLocator repositoryLocator(ObjectProvider<RepositoryKind> kinds) {
            return new RepositoryLocator(kinds.orderedStream().toList());
        }
    }
}
