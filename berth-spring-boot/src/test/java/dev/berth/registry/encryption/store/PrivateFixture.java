package dev.berth.registry.encryption.store;

import dev.berth.registry.encryption.EncryptionMode;
import dev.berth.registry.encryption.KeysetFile;
import dev.berth.registry.manifests.ManifestProperties;
import dev.berth.registry.metrics.RegistryMetrics;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.DigestAlgorithm;
import dev.berth.registry.naming.MediaType;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import dev.berth.registry.repository.BlobContent;
import dev.berth.registry.repository.ContentRange;
import dev.berth.registry.repository.RangeRequest;
import dev.berth.registry.repository.Repository;
import dev.berth.registry.repository.UploadChunk;
import dev.berth.registry.repository.UploadId;
import dev.berth.registry.store.DigestCheck;
import dev.berth.registry.store.RegistryStorage;
import dev.berth.storage.StorageDriver;
import dev.berth.storage.StorageDriver.WalkControl;
import dev.berth.storage.inmemory.InMemoryDriver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Function;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Private repositories over an in-memory driver, as the auto-configuration puts them together, and ways to push and read. */
final class PrivateFixture {
    static final ObjectMapper JSON = JsonMapper.builder().build();
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    final StorageDriver driver;
    final RegistryStorage storage;
    final PrivateKeys keys;
    final PrivateTree tree;
    final PrivateRepositories repositories;
    final Path staging;

    PrivateFixture(Path keyset, Path staging, Function<RepositoryName, EncryptionMode> modes) {
        this(new InMemoryDriver(), keyset, staging, modes);
    }

    PrivateFixture(StorageDriver driver, Path keyset, Path staging, Function<RepositoryName, EncryptionMode> modes) {
        this.driver = driver;
        this.storage = new RegistryStorage(driver, new SimpleMeterRegistry());
        this.keys = PrivateKeys.load(new KeysetFile(keyset, Optional.empty()), storage);
        this.tree = new PrivateTree(storage, keys, modes);
        keys.requireMaker(tree);
        this.staging = staging;
        this.repositories = new PrivateRepositories(tree, staging, new DigestCheck(new RegistryMetrics(new SimpleMeterRegistry())),
                JSON, new ManifestProperties(false), event -> { });
    }

    Repository repository(String name) {
        return repositories.repository(new RepositoryName(name));
    }

    /** Pushes a blob in chunks of at most {@code chunk} bytes, as a chunked upload. */
    Digest pushChunked(String name, byte[] content, int chunk) {
        Repository repository = repository(name);
        UploadId id = repository.uploads().start(repository.name()).id();
        int offset = 0;
        while (content.length - offset > chunk) {
            repository.uploads().append(repository.name(), id, chunk(content, offset, offset + chunk));
            offset += chunk;
        }
        Digest digest = Digest.of(DigestAlgorithm.SHA256, content);
        return repository.uploads().complete(repository.name(), id, digest, chunk(content, offset, content.length));
    }

    Digest push(String name, byte[] content) {
        Repository repository = repository(name);
        Digest digest = Digest.of(DigestAlgorithm.SHA256, content);
        return repository.uploads().pushWhole(repository.name(), digest,
                new UploadChunk(Optional.empty(), OptionalLong.of(content.length), new ByteArrayInputStream(content)));
    }

    /** Pushes a config and a layer and an image manifest naming them, tagged; returns the manifest's digest. */
    Digest pushImage(String name, String tag, byte[] layer) {
        byte[] config = "{\"architecture\":\"amd64\"}".getBytes(StandardCharsets.UTF_8);
        Digest configDigest = push(name, config);
        Digest layerDigest = push(name, layer);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":" + config.length
                + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + layerDigest
                + "\",\"size\":" + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
        Repository repository = repository(name);
        return repository.manifests().put(repository.name(), new Tag(tag), Optional.of(new MediaType(OCI_MANIFEST)), manifest,
                List.of()).digest();
    }

    byte[] read(String name, Digest digest) {
        return read(name, digest, Optional.empty());
    }

    byte[] read(String name, Digest digest, Optional<RangeRequest> range) {
        Repository repository = repository(name);
        BlobContent content = repository.blobs().open(repository.name(), digest, range);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            content.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Every committed file of the private storage and its content. */
    Map<String, byte[]> files() {
        Map<String, byte[]> files = new TreeMap<>();
        try {
            driver.walk("/", info -> {
                if (!info.directory()) {
                    files.put(info.path(), driver.getContent(info.path()));
                }
                return WalkControl.CONTINUE;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    static UploadChunk chunk(byte[] content, int from, int to) {
        byte[] part = java.util.Arrays.copyOfRange(content, from, to);
        return new UploadChunk(Optional.of(new ContentRange(from, Math.max(from, to - 1))).filter(range -> to > from),
                OptionalLong.of(part.length), new ByteArrayInputStream(part));
    }
}
