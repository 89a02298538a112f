package dev.berth.registry.http;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The HTTP side of the registry: the OCI routes, Berth's own routes and the error format. */
@Configuration(proxyBeanMethods = false)
@Import({RegistryController.class, BlobEndpoints.class, UploadEndpoints.class, ManifestEndpoints.class,
        ListingEndpoints.class, RootController.class, OciErrorResponses.class})
public class RegistryHttpConfiguration {
}
