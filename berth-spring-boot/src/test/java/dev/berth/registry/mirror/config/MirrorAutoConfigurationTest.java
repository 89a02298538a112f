package dev.berth.registry.mirror.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.config.RegistryAutoConfiguration;
import dev.berth.registry.config.StorageAutoConfiguration;
import dev.berth.registry.encryption.config.EncryptionAutoConfiguration;
import dev.berth.registry.encryption.store.PrivateBlobs;
import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.mirror.MirrorKind;
import dev.berth.registry.mirror.cache.CacheEviction;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.repository.Operation;
import dev.berth.registry.repository.Repository;
import dev.berth.registry.repository.RepositoryKind;
import dev.berth.registry.repository.RepositoryLocator;
import java.nio.file.Path;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** The mirror's auto-configuration on the in-memory driver: off without upstreams, and where its names go. */
class MirrorAutoConfigurationTest {
    private final WebApplicationContextRunner web = new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(
            JacksonAutoConfiguration.class, StorageAutoConfiguration.class, RegistryAutoConfiguration.class, MirrorAutoConfiguration.class));
    private final WebApplicationContextRunner mirroring = web.withPropertyValues("berth.mirror.upstreams[0].name=docker.io",
            "berth.mirror.upstreams[0].url=http://127.0.0.1:9", "berth.mirror.upstreams[0].bare-names=true",
            "berth.mirror.upstreams[0].exclude=team/**");

    @Test
    void withoutUpstreamsThereIsNoMirror() {
        web.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(MirrorKind.class).doesNotHaveBean(CacheEviction.class));
    }

    @Test
    void mirroredNamesAreReadOnlyAndBareNamesAreTheStoresOnceItHoldsThem() {
        mirroring.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(MirrorKind.class).doesNotHaveBean(CacheEviction.Schedule.class);
            RepositoryLocator locator = context.getBean(RepositoryLocator.class);
            Repository mirrored = locator.locate(new RepositoryName("docker.io/library/alpine"));
            assertThat(mirrored.allows(Operation.PULL)).isTrue();
            assertThat(mirrored.allows(Operation.PUSH)).isFalse();
            Repository excluded = locator.locate(new RepositoryName("docker.io/team/app"));
            Assertions.assertThatThrownBy(() -> excluded.manifests().get(excluded.name(), new dev.berth.registry.naming.Tag("v1")))
                    .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NAME_UNKNOWN));

            RepositoryKind kind = context.getBean(MirrorKind.class);
            assertThat(kind.locate(new RepositoryName("library/alpine"))).hasValueSatisfying(bare ->
                    assertThat(bare.allows(Operation.PUSH)).isTrue());
            assertThat(kind.locate(new RepositoryName("team/app"))).as("excluded: the store's").isEmpty();
            context.getBean(dev.berth.registry.store.RegistryStorage.class)
                    .write("/repositories/library/ours/_layers/sha256/00/" + "0".repeat(64) + "/link", new byte[] {1});
            assertThat(kind.locate(new RepositoryName("library/ours"))).as("held by the store").isEmpty();
        });
    }

    /** A push to a private repository's name must never land in the mirror's plain store as a bare name. */
    @Test
    void privateRepositoriesAreNeverTakenForBareNames(@TempDir Path folder) {
        new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
                        StorageAutoConfiguration.class, RegistryAutoConfiguration.class, EncryptionAutoConfiguration.class,
                        MirrorAutoConfiguration.class))
                .withPropertyValues("berth.mirror.upstreams[0].name=docker.io", "berth.mirror.upstreams[0].url=http://127.0.0.1:9",
                        "berth.mirror.upstreams[0].bare-names=true", "berth.encryption.repositories=secret/**",
                        "berth.encryption.keyset=" + folder.resolve("keyset.json"), "berth.encryption.staging=" + folder.resolve("staging"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    RepositoryLocator locator = context.getBean(RepositoryLocator.class);
                    assertThat(locator.locate(new RepositoryName("secret/app")).blobs()).isInstanceOf(PrivateBlobs.class);
                    assertThat(locator.locate(new RepositoryName("library/alpine")).allows(Operation.PULL)).isTrue();
                    assertThat(locator.locate(new RepositoryName("docker.io/library/alpine")).allows(Operation.PUSH)).isFalse();
                });
    }

    @Test
    void aCacheLimitSchedulesTheEvictionCheck() {
        mirroring.withPropertyValues("berth.mirror.cache.max-idle=7d")
                .run(context -> assertThat(context).hasSingleBean(CacheEviction.Schedule.class));
    }

    @Test
    void aGroupNeedsTheIpfsDriver() {
        mirroring.withPropertyValues("berth.mirror.group[0].tree=/ipns/mirrors.example.com")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("berth.storage.driver=ipfs"));
    }
}
