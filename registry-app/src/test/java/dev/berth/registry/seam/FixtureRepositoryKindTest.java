package dev.berth.registry.seam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.DigestAlgorithm;
import dev.berth.registry.naming.MediaType;
import dev.berth.registry.naming.Page;
import dev.berth.registry.naming.PageRequest;
import dev.berth.registry.naming.Reference;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import dev.berth.registry.repository.BlobContent;
import dev.berth.registry.repository.BlobInfo;
import dev.berth.registry.repository.Blobs;
import dev.berth.registry.repository.ByteRange;
import dev.berth.registry.repository.RangeRequest;
import dev.berth.registry.repository.Repository;
import dev.berth.registry.repository.RepositoryKind;
import dev.berth.registry.repository.StoredManifest;
import dev.berth.registry.repository.Tags;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;

/**
 * A repository kind of a few dozen lines, written here and nowhere else: a read-only image held in
 * memory under the reserved prefix {@code fixtures/}, which a stock client pulls through the
 * registry's normal endpoints and cannot push to.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "berth.storage.driver=inmemory")
class FixtureRepositoryKindTest {
    static final byte[] CONFIG = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
            .getBytes(StandardCharsets.UTF_8);
    static final Digest CONFIG_DIGEST = Digest.of(DigestAlgorithm.SHA256, CONFIG);
    static final byte[] MANIFEST = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
            + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + CONFIG_DIGEST + "\",\"size\":" + CONFIG.length + "},\"layers\":[]}")
            .getBytes(StandardCharsets.UTF_8);
    static final Digest MANIFEST_DIGEST = Digest.of(DigestAlgorithm.SHA256, MANIFEST);

    /** The whole repository kind. */
    static final class Fixtures implements RepositoryKind {
        private final Map<Digest, byte[]> blobs = Map.of(CONFIG_DIGEST, CONFIG);

        @Override
        public Optional<Repository> locate(RepositoryName name) {
            return name.value().startsWith("fixtures/")
                    ? Optional.of(Repository.readOnly(name, new ConfigBlob(), (repository, reference) -> manifest(reference), new OneTag(),
                            (repository, subject, type) -> List.of()))
                    : Optional.empty();
        }

        private StoredManifest manifest(Reference reference) {
            if (!reference.equals(new Tag("latest")) && !reference.equals(MANIFEST_DIGEST)) {
                throw RegistryException.of(ErrorCode.MANIFEST_UNKNOWN, "no " + reference);
            }
            return new StoredManifest(MANIFEST_DIGEST, MediaType.OCI_MANIFEST, MANIFEST, Optional.empty());
        }

        private final class ConfigBlob implements Blobs {
            @Override
            public Optional<BlobInfo> stat(RepositoryName repository, Digest digest) {
                return Optional.ofNullable(blobs.get(digest)).map(bytes -> new BlobInfo(digest, bytes.length, Optional.empty()));
            }

            @Override
            public BlobContent open(RepositoryName repository, Digest digest, Optional<RangeRequest> range) {
                BlobInfo info = stat(repository, digest).orElseThrow(() -> RegistryException.of(ErrorCode.BLOB_UNKNOWN, "no " + digest));
                Optional<ByteRange> bytes = range.map(asked -> asked.resolve(info.size()));
                return new BlobContent() {
                    public BlobInfo info() { return info; }
                    public Optional<ByteRange> range() { return bytes; }
                    public void transferTo(OutputStream out) throws java.io.IOException {
                        out.write(blobs.get(digest), bytes.map(ByteRange::first).orElse(0L).intValue(), (int) contentLength());
                    }
                };
            }
        }

        private static final class OneTag implements Tags {
            @Override
            public Page list(RepositoryName repository, PageRequest request) {
                return request.apply(List.of("latest"));
            }

            @Override
            public Optional<Digest> get(RepositoryName repository, Tag tag) {
                return tag.value().equals("latest") ? Optional.of(MANIFEST_DIGEST) : Optional.empty();
            }
        }
    }

    @TestConfiguration
    static class Application {
        @Bean
        @Order(0)
        RepositoryKind fixtures() {
            return new Fixtures();
        }
    }

    @LocalServerPort
    int port;

    @Test
    void aStockClientPullsFromTheTestOnlyKindAndCannotPushToIt(@TempDir Path dir) throws Exception {
        String image = "127.0.0.1:" + port + "/fixtures/hello";
        assertThat(Crane.run("digest", image + ":latest").strip()).isEqualTo(MANIFEST_DIGEST.toString());
        assertThat(Crane.run("ls", image).strip()).isEqualTo("latest");
        assertThat(Crane.run("config", image + ":latest").strip()).isEqualTo(new String(CONFIG, StandardCharsets.UTF_8));
        Crane.run("pull", "--format=oci", image + ":latest", dir.resolve("pulled").toString());
        assertThat(Files.readString(dir.resolve("pulled/index.json"))).contains(MANIFEST_DIGEST.toString());

        Crane.Result push = Crane.tryRun("append", "-f", Crane.layer(dir, "refused").toString(), "-t", image + ":mine");
        assertThat(push.exitCode()).isNotZero();
        assertThat(push.output()).contains("DENIED");
        Crane.run("append", "-f", Crane.layer(dir, "local").toString(), "-t", "127.0.0.1:" + port + "/elsewhere/hello:v1");
        assertThat(Crane.run("ls", "127.0.0.1:" + port + "/elsewhere/hello").strip()).isEqualTo("v1");
    }
}
