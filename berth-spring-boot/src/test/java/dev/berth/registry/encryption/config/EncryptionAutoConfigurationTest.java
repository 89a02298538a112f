package dev.berth.registry.encryption.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.catalog.StoredCatalog;
import dev.berth.registry.config.RegistryAutoConfiguration;
import dev.berth.registry.config.StorageAutoConfiguration;
import dev.berth.registry.encryption.KeysetException;
import dev.berth.registry.encryption.KeysetFile;
import dev.berth.registry.encryption.ipfs.PrivateRoot;
import dev.berth.registry.encryption.ipfs.PrivateTreeFormat;
import dev.berth.registry.encryption.store.CatalogWithPrivateRepositories;
import dev.berth.registry.encryption.store.EncryptionEndpoint;
import dev.berth.registry.encryption.store.PrivateBlobs;
import dev.berth.registry.encryption.store.PrivateKeys;
import dev.berth.registry.encryption.store.PrivateLayout;
import dev.berth.registry.encryption.store.PrivateRepositoryKind;
import dev.berth.registry.encryption.store.PrivateStorage;
import dev.berth.registry.ipfs.IpfsAutoConfiguration;
import dev.berth.registry.ipfs.publish.PublishAutoConfiguration;
import dev.berth.registry.ipfs.remote.RemoteAutoConfiguration;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.repository.Catalog;
import dev.berth.registry.repository.RepositoryLocator;
import dev.berth.storage.StorageDriver;
import dev.berth.storage.filesystem.FilesystemDriver;
import dev.berth.storage.ipfs.testing.KuboExtension;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** Private repositories as an application configures them: nothing without the properties, a storage of their own with them. */
class EncryptionAutoConfigurationTest {
    @RegisterExtension
    static final KuboExtension KUBO = new KuboExtension();

    @TempDir
    Path folder;

    private final WebApplicationContextRunner web = new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(
            JacksonAutoConfiguration.class, StorageAutoConfiguration.class, IpfsAutoConfiguration.class, RegistryAutoConfiguration.class,
            RemoteAutoConfiguration.class, PublishAutoConfiguration.class, EncryptionAutoConfiguration.class));

    @Test
    void withoutPrivateRepositoriesNothingChangesButPrivateTreesAreRecognised() {
        web.run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(PrivateKeys.class).doesNotHaveBean(PrivateStorage.class)
                    .doesNotHaveBean(PrivateRepositoryKind.class).doesNotHaveBean(EncryptionEndpoint.class);
            assertThat(context.getBean(Catalog.class)).isInstanceOf(StoredCatalog.class);
            assertThat(context).hasSingleBean(PrivateTreeFormat.class);
        });
    }

    @Test
    void privateRepositoriesGetAKindAKeysetAStorageOfTheirOwnAndTheCatalog() {
        Path keyset = folder.resolve("keys/keyset.json");
        web.withPropertyValues("berth.encryption.repositories=secret/**", "berth.encryption.keyset=" + keyset,
                        "berth.encryption.staging=" + folder.resolve("staging"))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(PrivateKeys.class).hasSingleBean(PrivateRepositoryKind.class)
                            .hasSingleBean(EncryptionEndpoint.class);
                    assertThat(keyset).as("made with a fresh key on first start").exists();
                    assertThat(context.getBean(Catalog.class)).isInstanceOf(CatalogWithPrivateRepositories.class);
                    RepositoryLocator locator = context.getBean(RepositoryLocator.class);
                    assertThat(locator.locate(new RepositoryName("secret/app")).blobs()).isInstanceOf(PrivateBlobs.class);
                    assertThat(locator.locate(new RepositoryName("public/app")).blobs()).isNotInstanceOf(PrivateBlobs.class);
                    assertThat(context.getBean(PrivateStorage.class).storage().driver())
                            .isNotSameAs(context.getBean(dev.berth.registry.store.RegistryStorage.class).driver());
                });
    }

    @Test
    void onTheFilesystemTheyLiveInAFolderBesideTheRegistrys() {
        Path root = folder.resolve("registry");
        web.withPropertyValues("berth.storage.driver=filesystem", "berth.storage.filesystem.root=" + root,
                        "berth.encryption.repositories=**", "berth.encryption.keyset=" + folder.resolve("keyset.json"),
                        "berth.encryption.staging=" + folder.resolve("staging"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(folder.resolve("registry-private").resolve(PrivateLayout.KEYSET_CHECK.substring(1))).exists();
                    assertThat(root.resolve(PrivateLayout.KEYSET_CHECK.substring(1))).doesNotExist();
                });
    }

    @Test
    void onIpfsTheyHaveTheirOwnMfsRootAndSoTheirOwnRootCid() {
        String[] onIpfs = {"berth.storage.driver=ipfs", "berth.storage.ipfs.api=" + KUBO.node().api(),
                "berth.storage.ipfs.root=/autoconfigured", "berth.encryption.repositories=**",
                "berth.encryption.staging=" + folder.resolve("staging")};
        web.withPropertyValues(onIpfs).withPropertyValues("berth.encryption.keyset=" + folder.resolve("keyset.json"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    String check = KUBO.node().ipfs("files", "stat", "--hash", "/autoconfigured-private" + PrivateLayout.KEYSET_CHECK);
                    assertThat(check.strip()).startsWith("baf");
                    String privateRoot = context.getBean(PrivateRoot.class).cid();
                    assertThat(KUBO.node().ipfs("files", "stat", "--hash", "/autoconfigured-private").strip()).isEqualTo(privateRoot);
                    assertThat(KUBO.node().ipfs("files", "ls", "/").lines()).contains("autoconfigured-private");
                });

        // The tree in MFS holds the keyset check: another keyset, or none, stops the start with the file named.
        new KeysetFile(folder.resolve("other.json"), Optional.empty()).loadOrCreate();
        web.withPropertyValues(onIpfs).withPropertyValues("berth.encryption.keyset=" + folder.resolve("other.json")).run(context -> {
            assertThat(context).hasFailed();
            assertThat(new KeysetFailureAnalyzer().analyze(context.getStartupFailure()).getDescription())
                    .contains("other.json").contains("is not the keyset that encrypted");
        });
        web.withPropertyValues(onIpfs).withPropertyValues("berth.encryption.keyset=" + folder.resolve("lost.json")).run(context -> {
            assertThat(context).hasFailed().getFailure().rootCause().isInstanceOf(KeysetException.class)
                    .hasMessageContaining("is missing, but the private repositories' storage already holds content");
            assertThat(folder.resolve("lost.json")).as("no new keyset replaces the lost one").doesNotExist();
        });
    }

    @Test
    void aStorageDriverOfTheApplicationsOwnNeedsAPrivateStorageBeanToo() {
        web.withBean(StorageDriver.class, () -> new FilesystemDriver(folder.resolve("own")))
                .withPropertyValues("berth.encryption.repositories=**", "berth.encryption.keyset=" + folder.resolve("keyset.json"))
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("define a " + PrivateStorage.class.getName() + " bean"));
    }

    @Test
    void privateRepositoriesNeedAKeysetFile() {
        web.withPropertyValues("berth.encryption.repositories=**").run(context -> assertThat(context).hasFailed().getFailure()
                .rootCause().hasMessageContaining("berth.encryption.keyset must name the keyset file"));
    }

    @Test
    void anotherKeysetThanTheOneThatEncryptedTheTreeFailsTheStartWithTheFileNamed() {
        String[] storage = {"berth.storage.driver=filesystem", "berth.storage.filesystem.root=" + folder.resolve("registry"),
                "berth.encryption.repositories=**", "berth.encryption.staging=" + folder.resolve("staging")};
        web.withPropertyValues(storage).withPropertyValues("berth.encryption.keyset=" + folder.resolve("first.json"))
                .run(context -> assertThat(context).hasNotFailed());
        new KeysetFile(folder.resolve("second.json"), Optional.empty()).loadOrCreate();

        web.withPropertyValues(storage).withPropertyValues("berth.encryption.keyset=" + folder.resolve("second.json")).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new KeysetFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("second.json").contains("is not the keyset that encrypted");
            assertThat(analysis.getAction()).contains("berth.encryption.keyset");
        });
        web.withPropertyValues(storage).withPropertyValues("berth.encryption.keyset=" + folder.resolve("lost.json")).run(context -> {
            assertThat(context).hasFailed().getFailure().rootCause().isInstanceOf(KeysetException.class).hasMessageContaining("is missing");
            assertThat(folder.resolve("lost.json")).doesNotExist();
        });
    }
}
