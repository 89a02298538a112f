package dev.berth.registry.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import dev.berth.registry.repository.UploadChunk;
import dev.berth.registry.repository.UploadId;
import dev.berth.registry.repository.UploadStatus;
import dev.berth.storage.StorageDriver;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Mark and sweep on trees built through the registry's services; a subclass says which driver stores them. */
abstract class GarbageCollectorContract {
    private static final GcProperties NO_GRACE = GcProperties.defaults().withGrace(Duration.ZERO);
    private static final GcProperties UNTAGGED_GO = NO_GRACE.withDeleteUntagged(true);

    private TestRegistry registry;

    protected abstract StorageDriver driver() throws Exception;

    @BeforeEach
    void registry() throws Exception {
        registry = new TestRegistry(driver());
    }

    @Test
    void aDeletedImagesOwnBlobsGoWhileLayersSharedWithAnotherRepositoryStay() {
        Digest shared = registry.blob("team/a", "shared layer");
        Digest ownLayer = registry.blob("team/a", "a's own layer");
        Digest ownConfig = registry.blob("team/a", "{\"a\":1}");
        Digest deleted = registry.image("team/a", "v1", ownConfig, shared, ownLayer);
        registry.uploads.mount(new RepositoryName("team/b"), shared, Optional.of(registry.repository("team/a")));
        Digest otherConfig = registry.blob("team/b", "{\"b\":1}");
        Digest kept = registry.image("team/b", "v1", otherConfig, shared);
        registry.deleteManifest("team/a", deleted);

        GcReport report = registry.gc(NO_GRACE);

        assertThat(registry.stored(ownLayer)).isFalse();
        assertThat(registry.stored(ownConfig)).isFalse();
        assertThat(registry.stored(deleted)).as("the deleted manifest's content").isFalse();
        assertThat(registry.linked("team/a", ownLayer)).isFalse();
        assertThat(registry.stored(shared)).isTrue();
        assertThat(registry.linked("team/a", shared)).as("a link to a blob that stays is left alone").isTrue();
        assertThat(registry.linked("team/b", shared)).isTrue();
        assertThat(registry.stored(kept)).isTrue();
        assertThat(registry.stored(otherConfig)).isTrue();
        assertThat(report.blobsSwept()).isEqualTo(3);
        assertThat(report.bytesSwept()).isEqualTo(registry.size(ownLayer) + registry.size(ownConfig) + registry.size(deleted));
        assertThat(report.blobsMarked()).isEqualTo(3);
        assertThat(report.bytesMarked()).isEqualTo(registry.size(shared) + registry.size(otherConfig) + registry.size(kept));
        assertThat(report.layerLinksRemoved()).isEqualTo(2);
        assertThat(report.repositories()).isEqualTo(2);
        assertThat(report.manifestsKept()).isEqualTo(1);
        assertThat(registry.manifests.get(new RepositoryName("team/b"), new Tag("v1")).digest()).isEqualTo(kept);
    }

    @Test
    void namingADigestKeepsNothingThatTheRepositoryDoesNotHold() {
        Digest layer = registry.blob("team/a", "a's own layer");
        Digest config = registry.blob("team/a", "{\"a\":2}");
        Digest image = registry.image("team/a", "v1", config, layer);
        // team/b never held any of it; its sparse index names a's image and, as a child, a's layer
        Digest squatter = registry.index("team/b", "pin", image, layer);
        registry.deleteManifest("team/a", image);

        GcReport report = registry.gc(NO_GRACE);

        assertThat(registry.stored(image)).isFalse();
        assertThat(registry.stored(layer)).isFalse();
        assertThat(registry.stored(config)).isFalse();
        assertThat(registry.stored(squatter)).isTrue();
        assertThat(report.blobsMarked()).isEqualTo(1);
        assertThat(report.blobsSwept()).isEqualTo(3);
    }

    @Test
    void untaggedManifestsAndIndexChildrenAreKeptByDefault() {
        Digest config = registry.blob("multi", "{}");
        Digest amd64Layer = registry.blob("multi", "amd64");
        Digest armLayer = registry.blob("multi", "arm64");
        Digest amd64 = registry.image("multi", null, config, amd64Layer);
        Digest arm = registry.image("multi", null, config, armLayer);
        Digest index = registry.index("multi", "latest", amd64, arm);
        Digest untaggedLayer = registry.blob("multi", "untagged");
        Digest untagged = registry.image("multi", null, config, untaggedLayer);

        GcReport report = registry.gc(NO_GRACE);

        for (Digest digest : new Digest[] {config, amd64Layer, armLayer, amd64, arm, index, untaggedLayer, untagged}) {
            assertThat(registry.stored(digest)).as(digest.toString()).isTrue();
        }
        assertThat(report.blobsSwept()).isZero();
        assertThat(report.manifestsKept()).isEqualTo(4);
    }

    @Test
    void deleteUntaggedKeepsWhatTagsReachThroughIndexesAndReferrersAndRemovesTheRest() {
        Digest config = registry.blob("multi", "{}");
        Digest amd64Layer = registry.blob("multi", "amd64");
        Digest amd64 = registry.image("multi", null, config, amd64Layer);
        Digest index = registry.index("multi", "latest", amd64);
        Digest signatureConfig = registry.blob("multi", "{\"signature\":true}");
        Digest signature = registry.referrer("multi", index, signatureConfig);
        Digest untaggedLayer = registry.blob("multi", "untagged");
        Digest untagged = registry.image("multi", null, config, untaggedLayer);
        Digest orphanSignatureConfig = registry.blob("multi", "{\"orphan\":true}");
        Digest orphanSignature = registry.referrer("multi", untagged, orphanSignatureConfig);

        GcReport report = registry.gc(UNTAGGED_GO);

        for (Digest digest : new Digest[] {config, amd64Layer, amd64, index, signatureConfig, signature}) {
            assertThat(registry.stored(digest)).as(digest.toString()).isTrue();
        }
        assertThat(registry.hasRevision("multi", amd64)).isTrue();
        assertThat(registry.hasRevision("multi", signature)).isTrue();
        assertThat(registry.hasRevision("multi", untagged)).isFalse();
        assertThat(registry.hasRevision("multi", orphanSignature)).isFalse();
        for (Digest digest : new Digest[] {untagged, untaggedLayer, orphanSignature, orphanSignatureConfig}) {
            assertThat(registry.stored(digest)).as(digest.toString()).isFalse();
        }
        assertThat(registry.referrers.referrersOf(new RepositoryName("multi"), index)).containsExactly(signature);
        assertThat(registry.referrers.referrersOf(new RepositoryName("multi"), untagged)).isEmpty();
        assertThat(report.manifestsSwept()).isEqualTo(2);
        assertThat(report.manifestsKept()).isEqualTo(3);
        assertThat(report.blobsSwept()).isEqualTo(4);
    }

    @Test
    void aDryRunReportsWhatARunDoesAndChangesNothing() throws Exception {
        Digest config = registry.blob("dry", "{}");
        Digest layer = registry.blob("dry", "layer");
        registry.image("dry", "v1", config, layer);
        Digest gone = registry.image("dry", null, config);
        registry.blob("dry", "never referenced");
        registry.uploads.start(new RepositoryName("dry"));
        GcProperties properties = UNTAGGED_GO;
        Map<String, String> before = registry.snapshot();

        GcReport dry = registry.collector(properties).run(true);

        assertThat(registry.snapshot()).isEqualTo(before);
        assertThat(dry.dryRun()).isTrue();
        GcReport real = registry.collector(properties).run(false);
        assertThat(real.dryRun()).isFalse();
        assertThat(dry).usingRecursiveComparison().ignoringFields("dryRun", "duration").isEqualTo(real);
        assertThat(real.manifestsSwept()).isEqualTo(1);
        assertThat(real.blobsSwept()).isEqualTo(2);
        assertThat(registry.stored(gone)).isFalse();
    }

    @Test
    void anUnreferencedBlobIsSweptOnlyAfterStayingUnreferencedForTheGracePeriodAcrossRuns() throws Exception {
        GcProperties hour = GcProperties.defaults().withGrace(Duration.ofHours(1));
        Digest config = registry.blob("grace", "{}");
        Digest pending = registry.blob("grace", "pushed, manifest not yet");

        GcReport first = registry.gc(hour);
        assertThat(first.blobsKeptForGrace()).isEqualTo(2);
        assertThat(first.bytesKeptForGrace()).isEqualTo(registry.size(config) + registry.size(pending));
        registry.clock.advance(Duration.ofMinutes(59));
        assertThat(registry.gc(hour).blobsKeptForGrace()).isEqualTo(2);
        registry.image("grace", "v1", config); // the config becomes referenced; the other blob stays unreferenced
        registry.clock.advance(Duration.ofMinutes(2));

        GcReport late = registry.gc(hour);

        assertThat(registry.stored(pending)).isFalse();
        assertThat(registry.stored(config)).isTrue();
        assertThat(late.blobsSwept()).isEqualTo(1);
        assertThat(registry.snapshot().keySet()).as("no records left").noneMatch(path -> path.startsWith(RegistryLayout.UNREFERENCED));
    }

    @Test
    void aBlobReferencedAgainStartsItsGracePeriodAnew() {
        GcProperties hour = GcProperties.defaults().withGrace(Duration.ofHours(1));
        Digest config = registry.blob("again", "{}");
        Digest layer = registry.blob("again", "layer");
        registry.gc(hour); // first seen unreferenced now
        Digest image = registry.image("again", "v1", config, layer);
        registry.clock.advance(Duration.ofMinutes(30));
        registry.gc(hour); // referenced: the record goes
        registry.deleteManifest("again", image);
        registry.clock.advance(Duration.ofMinutes(40));

        GcReport report = registry.gc(hour);

        assertThat(registry.stored(layer)).as("unreferenced for 0 of 60 minutes as far as runs saw").isTrue();
        assertThat(report.blobsSwept()).isZero();
        assertThat(report.blobsKeptForGrace()).isEqualTo(3);
        registry.clock.advance(Duration.ofMinutes(61));
        assertThat(registry.gc(hour).blobsSwept()).isEqualTo(3);
    }

    @Test
    void untaggedManifestsHaveAGracePeriodToo() {
        GcProperties hour = UNTAGGED_GO.withGrace(Duration.ofHours(1));
        Digest config = registry.blob("children", "{}");
        Digest layer = registry.blob("children", "layer");
        Digest child = registry.image("children", null, config, layer);

        registry.gc(hour);
        registry.clock.advance(Duration.ofMinutes(30));
        GcReport stillYoung = registry.gc(hour);
        assertThat(stillYoung.manifestsSwept()).isZero();
        assertThat(registry.hasRevision("children", child)).isTrue();
        assertThat(registry.stored(layer)).as("a young untagged manifest keeps its blobs").isTrue();
        registry.clock.advance(Duration.ofMinutes(31));

        GcReport report = registry.gc(hour);

        assertThat(report.manifestsSwept()).isEqualTo(1);
        assertThat(registry.hasRevision("children", child)).isFalse();
        assertThat(registry.stored(layer)).as("its blobs wait their own grace period").isTrue();
        registry.clock.advance(Duration.ofMinutes(61));
        registry.gc(hour);
        assertThat(registry.stored(layer)).isFalse();
    }

    @Test
    void abandonedUploadsExpireByTheStartTimeTheyRecorded() throws Exception {
        RepositoryName repository = new RepositoryName("uploads/app");
        UploadStatus abandoned = registry.uploads.start(repository);
        registry.uploads.append(repository, abandoned.id(), new UploadChunk(Optional.empty(), OptionalLong.empty(),
                new ByteArrayInputStream("pending bytes".getBytes(StandardCharsets.UTF_8))));
        GcProperties properties = NO_GRACE;

        assertThat(registry.gc(properties).uploadsExpired()).isZero();
        registry.clock.advance(Duration.ofHours(23));
        UploadId recent = UploadId.random(); // as if started now by the test's clock
        registry.storage.write(RegistryLayout.uploadStarted(repository, recent),
                registry.clock.instant().toString().getBytes(StandardCharsets.UTF_8));
        registry.storage.write(RegistryLayout.uploadData(repository, recent), "new".getBytes(StandardCharsets.UTF_8));
        registry.clock.advance(Duration.ofHours(2));
        assertThat(registry.gc(properties).uploadsExpired()).isEqualTo(1);

        assertThat(registry.storage.exists(RegistryLayout.upload(repository, abandoned.id()))).isFalse();
        assertThatThrownBy(() -> registry.uploads.status(repository, abandoned.id())).as("its pending bytes are gone too")
                .hasMessageContaining("no upload with this id");
        assertThat(registry.uploads.status(repository, recent).size()).isEqualTo(3);
    }

    @Test
    void uploadFoldersDoNotNameTheirIdsSinceCommittedFilesArePublished() throws Exception {
        UploadStatus upload = registry.uploads.start(new RepositoryName("secret"));

        assertThat(registry.snapshot().keySet()).isNotEmpty().noneMatch(path -> path.contains(upload.id().value()));
    }

    @Test
    void aManifestThatCannotBeReadStopsTheRunBeforeAnythingIsRemoved() {
        Digest config = registry.blob("broken", "{}");
        Digest image = registry.image("broken", "v1", config);
        Digest garbage = registry.blob("broken", "garbage");
        registry.storage.write(RegistryLayout.blobData(image), "{\"not\":\"the manifest\"}".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> registry.gc(NO_GRACE)).hasMessageContaining("nothing was removed");

        assertThat(registry.stored(garbage)).isTrue();
        assertThat(registry.stored(config)).isTrue();
    }
}
