package dev.berth.registry.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.blobs.BlobStore;
import dev.berth.registry.ipfs.IpfsAutoConfiguration;
import dev.berth.registry.ipfs.KuboConnectionDetails;
import dev.berth.registry.manifests.ManifestProperties;
import dev.berth.registry.referrers.ReferrerIndex;
import dev.berth.registry.repository.Blobs;
import dev.berth.registry.repository.Catalog;
import dev.berth.registry.repository.Manifests;
import dev.berth.registry.repository.Referrers;
import dev.berth.registry.repository.RepositoryLocator;
import dev.berth.registry.repository.Tags;
import dev.berth.registry.repository.Uploads;
import dev.berth.registry.store.RegistryStorage;
import dev.berth.storage.StorageDriver;
import dev.berth.storage.inmemory.InMemoryDriver;
import dev.berth.storage.ipfs.IpfsStorageDriver;
import dev.berth.storage.ipfs.testing.KuboExtension;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.web.SecurityFilterChain;

/** The starter's auto-configuration as an application sees it: defaults, properties, backing off, missing classes. */
class RegistryAutoConfigurationTest {
    private static final AutoConfigurations BERTH =
            AutoConfigurations.of(JacksonAutoConfiguration.class, StorageAutoConfiguration.class, IpfsAutoConfiguration.class,
                    RegistryAutoConfiguration.class);

    @RegisterExtension
    static final KuboExtension KUBO = new KuboExtension();

    private final WebApplicationContextRunner web = new WebApplicationContextRunner().withConfiguration(BERTH);

    @Test
    void aWebApplicationGetsTheWholeRegistryOnTheInMemoryDriverByDefault() {
        web.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(StorageDriver.class).hasSingleBean(RegistryStorage.class)
                    .hasSingleBean(BlobStore.class).hasSingleBean(Blobs.class).hasSingleBean(Uploads.class).hasSingleBean(Manifests.class)
                    .hasSingleBean(Tags.class).hasSingleBean(Referrers.class).hasSingleBean(ReferrerIndex.class).hasSingleBean(Catalog.class)
                    .hasSingleBean(RepositoryLocator.class).hasBean("dev.berth.registry.http.RegistryController");
            assertThat(context.getBean(StorageDriver.class)).isInstanceOf(InMemoryDriver.class);
            assertThat(context.getBean(ManifestProperties.class).allowMissingLayers()).isFalse();
            assertThat(context).doesNotHaveBean(KuboConnectionDetails.class).doesNotHaveBean("kuboHealthIndicator");
        });
    }

    @Test
    void withoutAServletWebApplicationOnlyTheStorageIsConfigured() {
        new ApplicationContextRunner().withConfiguration(BERTH).run(context -> {
            assertThat(context).hasSingleBean(RegistryStorage.class);
            assertThat(context).doesNotHaveBean(BlobStore.class).doesNotHaveBean("dev.berth.registry.http.RegistryController");
        });
    }

    @Test
    void propertiesUnderBerthAreBound() {
        web.withPropertyValues("berth.manifests.allow-missing-layers=true", "berth.storage.driver=ipfs",
                        "berth.storage.ipfs.api=" + KUBO.node().api(), "berth.storage.ipfs.root=/from-properties")
                .run(context -> {
                    assertThat(context.getBean(ManifestProperties.class).allowMissingLayers()).isTrue();
                    assertThat(context.getBean(KuboConnectionDetails.class).api()).isEqualTo(KUBO.node().api());
                    StorageDriver driver = context.getBean(StorageDriver.class);
                    assertThat(driver).isInstanceOf(IpfsStorageDriver.class);
                    driver.putContent("/written", new byte[] {1});
                    assertThat(KUBO.node().ipfs("files", "stat", "--hash", "/from-properties/written").strip()).startsWith("bafk");
                });
    }

    @Test
    void anInvalidDriverNameFailsAtStartupNamingTheProperty() {
        web.withPropertyValues("berth.storage.driver=s3")
                .run(context -> assertThat(context).getFailure().hasStackTraceContaining("berth.storage.driver"));
    }

    @Test
    void theApplicationsOwnBeansWin() {
        StorageDriver own = new InMemoryDriver();
        web.withBean(StorageDriver.class, () -> own).withPropertyValues("berth.storage.driver=filesystem")
                .run(context -> assertThat(context.getBean(StorageDriver.class)).isSameAs(own));
    }

    @Test
    void anApplicationsKuboConnectionDetailsPointTheDriverAtItsNode() {
        URI nowhere = URI.create("http://127.0.0.1:1");
        web.withPropertyValues("berth.storage.driver=ipfs", "berth.storage.ipfs.api=" + nowhere)
                .withBean(KuboConnectionDetails.class, () -> () -> KUBO.node().api())
                .run(context -> {
                    assertThat(context.getBean(KuboConnectionDetails.class).api()).isEqualTo(KUBO.node().api());
                    assertThat(context.getBean("kuboHealthIndicator", HealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
                });
    }

    @Test
    void withoutStorageIpfsTheIpfsDriverIsRefusedWithAClearMessage() {
        web.withClassLoader(new FilteredClassLoader(IpfsStorageDriver.class)).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(KuboConnectionDetails.class);
        });
        web.withClassLoader(new FilteredClassLoader(IpfsStorageDriver.class)).withPropertyValues("berth.storage.driver=ipfs")
                .run(context -> assertThat(context).getFailure().hasStackTraceContaining("needs dev.berth:storage-ipfs"));
    }

    @Test
    void withoutActuatorThereIsNoKuboHealthButTheDriverWorks() {
        web.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .withPropertyValues("berth.storage.driver=ipfs", "berth.storage.ipfs.api=" + KUBO.node().api())
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(IpfsStorageDriver.class).doesNotHaveBean("kuboHealthIndicator");
                });
    }

    @Test
    void accessControlWithoutSpringSecurityRefusesToStartRatherThanLeaveTheRegistryOpen() {
        web.withClassLoader(new FilteredClassLoader(SecurityFilterChain.class)).withPropertyValues("berth.auth.mode=basic")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageStartingWith("berth.auth.mode=basic needs Spring Security on the classpath"));
        web.withClassLoader(new FilteredClassLoader(SecurityFilterChain.class)).run(context -> assertThat(context).hasNotFailed());
    }
}
