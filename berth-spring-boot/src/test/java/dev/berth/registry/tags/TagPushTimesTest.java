package dev.berth.registry.tags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.DigestAlgorithm;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import dev.berth.registry.store.RegistryStorage;
import dev.berth.storage.inmemory.InMemoryDriver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The local store keeps when each tag was last pointed at a manifest, apart from the tag itself. */
class TagPushTimesTest {
    private final RegistryStorage storage = new RegistryStorage(new InMemoryDriver(), new SimpleMeterRegistry());
    private final StoredTags tags = new StoredTags(storage, event -> { });
    private final RepositoryName repository = new RepositoryName("team/app");
    private final Tag tag = new Tag("v1");

    @Test
    void aTagPushedIsTimedAndMovingItTimesItAgain() throws InterruptedException {
        Instant before = Instant.now();
        tags.put(repository, tag, digest("one"));
        Instant first = tags.pushedAt(repository, tag).orElseThrow();
        assertThat(first).isBetween(before, Instant.now());

        Thread.sleep(5);
        tags.put(repository, tag, digest("two"));
        assertThat(tags.pushedAt(repository, tag).orElseThrow()).isAfter(first);
    }

    @Test
    void theRecordLivesOutsideTheTagFolderAndGoesWithTheTag() {
        tags.put(repository, tag, digest("one"));
        assertThat(storage.list(RegistryLayout.tag(repository, tag))).noneMatch(path -> path.contains("pushed"));

        tags.delete(repository, tag);
        assertThat(tags.pushedAt(repository, tag)).isEmpty();
        assertThat(storage.exists(RegistryLayout.tagPushed(repository, tag))).isFalse();
    }

    @Test
    void aTagWithoutARecordOrWithAnUnreadableOneHasNoPushTime() {
        storage.write(RegistryLayout.tagLink(repository, tag), digest("one").toString().getBytes(StandardCharsets.UTF_8));
        assertThat(tags.pushedAt(repository, tag)).isEqualTo(Optional.empty());

        storage.write(RegistryLayout.tagPushed(repository, tag), "yesterday".getBytes(StandardCharsets.UTF_8));
        assertThat(tags.pushedAt(repository, tag)).isEmpty();
    }

    private static Digest digest(String content) {
        return Digest.of(DigestAlgorithm.SHA256, content.getBytes(StandardCharsets.UTF_8));
    }
}
