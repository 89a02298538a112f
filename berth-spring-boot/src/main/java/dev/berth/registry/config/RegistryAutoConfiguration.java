package dev.berth.registry.config;

import dev.berth.registry.blobs.BlobStore;
import dev.berth.registry.catalog.Catalog;
import dev.berth.registry.gc.SweepGuard;
import dev.berth.registry.http.RegistryHttpConfiguration;
import dev.berth.registry.manifests.ManifestProperties;
import dev.berth.registry.manifests.ManifestService;
import dev.berth.registry.metrics.RegistryMetrics;
import dev.berth.registry.referrers.ReferrerIndex;
import dev.berth.registry.remote.RepositoryLocator;
import dev.berth.registry.tags.TagStore;
import dev.berth.registry.uploads.UploadService;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The OCI Distribution API under {@code /v2/}, in any servlet web application, over the storage
 * that {@link StorageAutoConfiguration} provides.
 */
@AutoConfiguration(after = {StorageAutoConfiguration.class, JacksonAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ManifestProperties.class)
@Import({SweepGuard.class, BlobStore.class, UploadService.class, ManifestService.class, TagStore.class, ReferrerIndex.class,
        Catalog.class, RepositoryLocator.class, RegistryHttpConfiguration.class})
public class RegistryAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RegistryMetrics registryMetrics(ObjectProvider<MeterRegistry> meters) {
        return new RegistryMetrics(StorageAutoConfiguration.meterRegistry(meters));
    }
}
