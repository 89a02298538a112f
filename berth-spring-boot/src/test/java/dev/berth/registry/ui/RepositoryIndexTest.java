package dev.berth.registry.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.DigestAlgorithm;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import dev.berth.registry.repository.Catalog;
import dev.berth.registry.repository.ManifestChange;
import dev.berth.registry.repository.Repository;
import dev.berth.registry.repository.RepositoryLocator;
import dev.berth.registry.store.RegistryStorage;
import dev.berth.registry.store.RepositoryDiscovery;
import dev.berth.registry.tags.StoredTags;
import dev.berth.storage.inmemory.InMemoryDriver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The home page's list: read once, then kept up to date by changes, and read again when old, without losing a change. */
class RepositoryIndexTest {
    private final RegistryStorage storage = new RegistryStorage(new InMemoryDriver(), new SimpleMeterRegistry());
    private final StoredTags tags = new StoredTags(storage, event -> { });
    private final MovableClock clock = new MovableClock();
    private final Catalog catalog = request -> request.apply(RepositoryDiscovery.find(storage, Integer.MAX_VALUE).stream()
            .map(RepositoryName::value).toList());
    private final RepositoryLocator locator = new RepositoryLocator(List.of(name -> Optional.of(Repository.readOnly(name,
            new NoBlobs(), new NoManifests(), tags, (repository, subject, type) -> List.of()))));

    @Test
    void repositoriesAreReadOnceThenChangesAreAppliedWithoutReadingEverything() {
        tag("a/app", "v1");
        RepositoryIndex index = new RepositoryIndex(catalog, locator, Duration.ofMinutes(1), clock);
        assertThat(index.entries()).extracting(entry -> entry.name().value()).containsExactly("a/app");

        tag("b/app", "v1");
        assertThat(index.entries()).hasSize(1); // nobody said so
        index.onChange(new ManifestChange.TagDeleted(new RepositoryName("b/app"), new Tag("v0")));
        List<RepositoryIndex.Entry> entries = index.entries();
        assertThat(entries).extracting(entry -> entry.name().value()).containsExactly("a/app", "b/app");
        assertThat(entries.get(1).tags()).containsExactly("v1");
        assertThat(entries.get(1).lastPush()).isPresent();
    }

    @Test
    void aChangeMadeWhileEverythingIsReadAgainIsNotLostWhenThatReadEnds() throws Exception {
        tag("a/app", "v1");
        CountDownLatch listed = new CountDownLatch(1);
        CountDownLatch pushed = new CountDownLatch(1);
        boolean[] slow = {false};
        Catalog slowCatalog = request -> {
            var page = catalog.list(request);
            if (slow[0]) {
                listed.countDown();
                await(pushed); // a push lands after the full read listed the repositories, before it ends
            }
            return page;
        };
        RepositoryIndex index = new RepositoryIndex(slowCatalog, locator, Duration.ofMinutes(1), clock);
        index.entries();

        clock.advance(Duration.ofMinutes(2));
        slow[0] = true;
        assertThat(index.entries()).hasSize(1); // old: a full read starts in the background; the page does not wait for it
        await(listed);
        tag("b/app", "v1");
        index.onChange(new ManifestChange.TagDeleted(new RepositoryName("b/app"), new Tag("v0")));
        assertThat(index.entries()).extracting(entry -> entry.name().value()).containsExactly("a/app", "b/app");

        pushed.countDown();
        for (int i = 0; i < 500 && !index.readAt().equals(Optional.of(clock.instant())); i++) {
            Thread.sleep(10);
        }
        assertThat(index.readAt()).contains(clock.instant()); // the full read, which missed b/app, is in
        assertThat(index.entries()).extracting(entry -> entry.name().value()).containsExactly("a/app", "b/app");
    }

    private void tag(String repository, String tag) {
        RepositoryName name = new RepositoryName(repository);
        Digest digest = Digest.of(DigestAlgorithm.SHA256, (repository + tag).getBytes(StandardCharsets.UTF_8));
        storage.write(RegistryLayout.manifestRevisionLink(name, digest), digest.toString().getBytes(StandardCharsets.UTF_8));
        tags.put(name, new Tag(tag), digest);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-05-01T12:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static final class NoBlobs implements dev.berth.registry.repository.Blobs {
        @Override
        public Optional<dev.berth.registry.repository.BlobInfo> stat(RepositoryName repository, Digest digest) {
            return Optional.empty();
        }

        @Override
        public dev.berth.registry.repository.BlobContent open(RepositoryName repository, Digest digest,
                                                               Optional<dev.berth.registry.repository.RangeRequest> range) {
            throw new UnsupportedOperationException("the index reads tags only");
        }
    }

    private static final class NoManifests implements dev.berth.registry.repository.Manifests {
        @Override
        public dev.berth.registry.repository.StoredManifest get(RepositoryName repository, dev.berth.registry.naming.Reference reference) {
            throw new UnsupportedOperationException("the index reads tags only");
        }
    }
}
