package dev.berth.registry.encryption.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.encryption.BlobHeader;
import dev.berth.registry.encryption.EncryptionMode;
import dev.berth.registry.encryption.KeysetException;
import dev.berth.registry.encryption.KeysetFile;
import dev.berth.registry.encryption.RecordCipher;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.DigestAlgorithm;
import dev.berth.registry.naming.PageRequest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import dev.berth.registry.repository.Repository;
import dev.berth.registry.store.RegistryStorage;
import dev.berth.storage.inmemory.InMemoryDriver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RotationAndKeysetTest {
    private static final String APP = "team/app";

    @TempDir
    Path folder;

    @ParameterizedTest
    @EnumSource(EncryptionMode.class)
    void afterARotationOldContentStaysReadableAndReencryptionMovesEverythingToTheNewKey(EncryptionMode mode) throws Exception {
        PrivateFixture registry = new PrivateFixture(folder.resolve("keyset.json"), folder.resolve("staging"), repository -> mode);
        byte[] oldLayer = PrivateRepositoriesTest.random(600_000, 10);
        Digest oldImage = registry.pushImage(APP, "v1", oldLayer);
        int oldKey = registry.keys.get().keyset().primaryKeyId();

        int newKey = registry.keys.rotate(registry.tree).primaryKeyId();
        byte[] newLayer = PrivateRepositoriesTest.random(400_000, 11);
        Digest newImage = registry.pushImage(APP, "v2", newLayer);
        registry.pushImage("team/other", "v1", newLayer);
        Repository repository = registry.repository(APP);
        RepositoryName name = repository.name();

        assertThat(repository.manifests().get(name, new Tag("v1")).digest()).isEqualTo(oldImage);
        assertThat(repository.manifests().get(name, new Tag("v2")).digest()).isEqualTo(newImage);
        assertThat(registry.read(APP, sha256(oldLayer))).isEqualTo(oldLayer);
        assertThat(repository.tags().list(name, PageRequest.all()).entries()).containsExactly("v1", "v2");
        assertThat(keysOf(registry)).containsExactlyInAnyOrder(oldKey, newKey);

        Reencryption.Report report = new Reencryption(registry.repositories).run();
        assertThat(report.repositoriesMoved()).isEqualTo(1);
        // the old image's layer; its config was pushed again after the rotation, and so made under the new key already
        assertThat(report.blobsReencrypted()).isEqualTo(1);
        assertThat(keysOf(registry)).containsExactly(newKey);
        assertThat(new Reencryption(registry.repositories).run().blobsReencrypted()).as("a second run finds nothing to do").isZero();

        assertThat(repository.tags().list(name, PageRequest.all()).entries()).containsExactly("v1", "v2");
        assertThat(repository.manifests().get(name, new Tag("v1")).digest()).isEqualTo(oldImage);
        assertThat(registry.read(APP, sha256(oldLayer))).isEqualTo(oldLayer);
        assertThat(registry.read(APP, sha256(newLayer))).isEqualTo(newLayer);
        assertThat(registry.repositories.catalog().names()).extracting(RepositoryName::value).containsExactly("team/app", "team/other");
        if (mode == EncryptionMode.CONVERGENT) {
            PrivateFixture fresh = new PrivateFixture(folder.resolve("keyset.json"), folder.resolve("fresh"), any -> mode);
            fresh.pushImage(APP, "v1", oldLayer);
            String layerPath = PrivateLayout.blobData(registry.keys.get().names().blobKey(sha256(oldLayer)));
            assertThat(fresh.files().get(layerPath)).as("re-encrypted content is what a push under the new key makes")
                    .isEqualTo(registry.files().get(layerPath));
        }
    }

    @Test
    void aKeysetThatDidNotMakeTheTreeIsRefusedAtStart() {
        InMemoryDriver driver = new InMemoryDriver();
        PrivateFixture registry = new PrivateFixture(driver, folder.resolve("keyset.json"), folder.resolve("staging"),
                repository -> EncryptionMode.CONVERGENT);
        registry.pushImage(APP, "v1", new byte[100]);
        RegistryStorage storage = new RegistryStorage(driver, new SimpleMeterRegistry());
        new KeysetFile(folder.resolve("other.json"), Optional.empty()).loadOrCreate();

        PrivateKeys other = PrivateKeys.load(new KeysetFile(folder.resolve("other.json"), Optional.empty()), storage);
        assertThatThrownBy(() -> other.requireMaker(new PrivateTree(storage, other, repository -> EncryptionMode.CONVERGENT)))
                .isInstanceOf(KeysetException.class).hasMessageContaining("other.json")
                .hasMessageContaining("is not the keyset that encrypted the private repositories");
    }

    @Test
    void aNodeWhoseKeysetLacksTheKeyATreeWasRotatedToIsToldWhichKeyItLacks() throws Exception {
        InMemoryDriver driver = new InMemoryDriver();
        PrivateFixture registry = new PrivateFixture(driver, folder.resolve("keyset.json"), folder.resolve("staging"),
                repository -> EncryptionMode.CONVERGENT);
        registry.pushImage(APP, "v1", new byte[100]);
        Files.copy(folder.resolve("keyset.json"), folder.resolve("before-rotation.json"));
        int rotated = registry.keys.rotate(registry.tree).primaryKeyId();
        RegistryStorage storage = new RegistryStorage(driver, new SimpleMeterRegistry());

        PrivateKeys outdated = PrivateKeys.load(new KeysetFile(folder.resolve("before-rotation.json"), Optional.empty()), storage);
        assertThatThrownBy(() -> outdated.requireMaker(new PrivateTree(storage, outdated, repository -> EncryptionMode.CONVERGENT)))
                .isInstanceOf(KeysetException.class).hasMessageContaining("before-rotation.json")
                .hasMessageContaining("encrypted under key " + Integer.toUnsignedString(rotated))
                .hasMessageContaining("rotated on another node");
    }

    @Test
    void aMissingKeysetIsNotReplacedByANewOneWhenPrivateContentExists() {
        InMemoryDriver driver = new InMemoryDriver();
        new PrivateFixture(driver, folder.resolve("keyset.json"), folder.resolve("staging"), repository -> EncryptionMode.CONVERGENT)
                .push(APP, new byte[10]);
        RegistryStorage storage = new RegistryStorage(driver, new SimpleMeterRegistry());
        Path missing = folder.resolve("lost.json");

        assertThatThrownBy(() -> PrivateKeys.load(new KeysetFile(missing, Optional.empty()), storage))
                .isInstanceOf(KeysetException.class).hasMessageContaining("is missing").hasMessageContaining("restore");
        assertThat(missing).doesNotExist();
    }

    @Test
    void reloadingTakesAKeysetRotatedElsewhereAndRefusesAForeignOne() throws Exception {
        PrivateFixture registry = new PrivateFixture(folder.resolve("keyset.json"), folder.resolve("staging"),
                repository -> EncryptionMode.CONVERGENT);
        registry.pushImage(APP, "v1", new byte[100]);
        Path copy = folder.resolve("copy.json");
        Files.copy(folder.resolve("keyset.json"), copy);
        int rotated = new KeysetFile(copy, Optional.empty()).rotate().primaryKeyId();
        Files.copy(copy, folder.resolve("keyset.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThat(registry.keys.reload(registry.tree).primaryKeyId()).isEqualTo(rotated);

        new KeysetFile(folder.resolve("foreign.json"), Optional.empty()).loadOrCreate();
        Files.copy(folder.resolve("foreign.json"), folder.resolve("keyset.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> registry.keys.reload(registry.tree)).isInstanceOf(KeysetException.class)
                .hasMessageContaining("does not open the private repositories");
        assertThat(registry.keys.get().keyset().primaryKeyId()).as("the keyset before stays in use").isEqualTo(rotated);
    }

    /** The key ids every blob and record of the tree names in its header. */
    private static java.util.Set<Integer> keysOf(PrivateFixture registry) throws Exception {
        java.util.Set<Integer> keys = new java.util.HashSet<>();
        for (Map.Entry<String, byte[]> file : registry.files().entrySet()) {
            if (file.getKey().startsWith(PrivateLayout.BLOBS)) {
                keys.add(BlobHeader.parse(Arrays.copyOf(file.getValue(), 10)).keyId());
            } else {
                keys.add(RecordCipher.header(file.getValue()).keyId());
            }
        }
        return keys;
    }

    private static Digest sha256(byte[] content) {
        return Digest.of(DigestAlgorithm.SHA256, content);
    }
}
