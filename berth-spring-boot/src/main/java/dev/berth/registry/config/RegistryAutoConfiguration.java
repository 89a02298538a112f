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
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

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
        return new RegistryMetrics(StorageAutoConfiguration.meterRegistry(meters));
    }
}
