package dev.berth.registry.seam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.Page;
import dev.berth.registry.naming.PageRequest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import dev.berth.registry.repository.Tags;
import dev.berth.storage.StorageDriver;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * An embedding application replaces one domain service, the tags, with its own bean; the registry's
 * own store backs off, and a stock client pushes, lists and pulls through the application's service.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "berth.storage.driver=inmemory")
class ApplicationTagServiceTest {

    /** Tags kept in the application's memory, say where a real application keeps its own records. */
    static final class ApplicationTags implements Tags {
        final Map<RepositoryName, Map<Tag, Digest>> byRepository = new ConcurrentHashMap<>();

        @Override
        public Page list(RepositoryName repository, PageRequest request) {
            Map<Tag, Digest> tags = byRepository.get(repository);
            if (tags == null) {
                throw RegistryException.of(ErrorCode.NAME_UNKNOWN, "no repository " + repository);
            }
            return request.apply(tags.keySet().stream().map(Tag::value).sorted().toList());
        }

        @Override
        public Optional<Digest> get(RepositoryName repository, Tag tag) {
            return Optional.ofNullable(byRepository.getOrDefault(repository, Map.of()).get(tag));
        }

        @Override
        public void put(RepositoryName repository, Tag tag, Digest digest) {
            byRepository.computeIfAbsent(repository, name -> new ConcurrentHashMap<>()).put(tag, digest);
        }

        @Override
        public void delete(RepositoryName repository, Tag tag) {
            if (byRepository.getOrDefault(repository, Map.of()).remove(tag) == null) {
                throw RegistryException.of(ErrorCode.MANIFEST_UNKNOWN, "no tag " + tag);
            }
        }
    }

    @TestConfiguration
    static class Application {
        @Bean
        ApplicationTags applicationTags() {
            return new ApplicationTags();
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    ApplicationTags tags;
    @Autowired
    Tags tagService;
    @Autowired
    StorageDriver driver;

    @Test
    void craneRoundTripsThroughTheApplicationsOwnTagService(@TempDir Path dir) throws Exception {
        assertThat(tagService).isSameAs(tags);
        String image = "127.0.0.1:" + port + "/team/app";
        Crane.run("append", "-f", Crane.layer(dir, "hello from an application's tags").toString(), "-t", image + ":v1");
        Crane.run("tag", image + ":v1", "v2");

        RepositoryName repository = new RepositoryName("team/app");
        assertThat(tags.byRepository.get(repository)).containsOnlyKeys(new Tag("v1"), new Tag("v2"));
        assertThat(Crane.run("ls", image).lines().toList()).isEqualTo(List.of("v1", "v2"));
        String digest = Crane.run("digest", image + ":v2").strip();
        assertThat(tags.get(repository, new Tag("v1")).orElseThrow()).hasToString(digest);
        Crane.run("pull", image + ":v1", dir.resolve("pulled.tar").toString());
        assertThat(driver.list(RegistryLayout.repository(repository) + "/" + RegistryLayout.MANIFESTS))
                .as("no tag was written to the registry's storage").noneMatch(path -> path.endsWith("/tags"));

        Crane.run("delete", image + ":v2");
        assertThat(tags.byRepository.get(repository)).doesNotContainKey(new Tag("v2"));
    }
}
