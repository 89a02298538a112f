package dev.berth.registry.http;

import dev.berth.registry.metrics.RegistryMetrics;
import dev.berth.registry.repository.Catalog;
import dev.berth.registry.repository.RepositoryLocator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.ObjectMapper;

/** The HTTP side of the registry: the OCI routes and the error format, over the repository seam only. */
@Configuration(proxyBeanMethods = false)
@Import({RegistryController.class, OciErrorResponses.class})
public class RegistryHttpConfiguration {

    @Bean
    BlobEndpoints blobEndpoints(RepositoryLocator repositories, RegistryMetrics metrics) {
        return new BlobEndpoints(repositories, metrics);
    }

    @Bean
    UploadEndpoints uploadEndpoints(RepositoryLocator repositories, RegistryMetrics metrics) {
        return new UploadEndpoints(repositories, metrics);
    }

    @Bean
    ManifestEndpoints manifestEndpoints(RepositoryLocator repositories, RegistryMetrics metrics) {
        return new ManifestEndpoints(repositories, metrics);
    }

    @Bean
    ListingEndpoints listingEndpoints(Catalog catalog, RepositoryLocator repositories, ObjectMapper json) {
        return new ListingEndpoints(catalog, repositories, json);
    }
}
