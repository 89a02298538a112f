package dev.berth.registry.mirror.cache;

import dev.berth.registry.blobs.BlobStore;
import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.MediaType;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import dev.berth.registry.oci.Manifest;
import dev.berth.registry.referrers.ReferrerIndex;
import dev.berth.registry.repository.ManifestChange;
import dev.berth.registry.repository.Referrer;
import dev.berth.registry.repository.UploadId;
import dev.berth.registry.store.RegistryStorage;
import dev.berth.registry.store.SweepGuard;
import dev.berth.storage.FileWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.context.ApplicationEventPublisher;
import tools.jackson.databind.ObjectMapper;

/**
 * Writes what the mirror pulled into this registry's own store, under the mirror's repositories
 * (such as {@code docker.io/library/alpine}) and with the store's own layout, so that it is served,
 * garbage collected and published like anything pushed. It skips the checks of a client's push
 * that a mirror cannot meet (an image manifest is cached before its layers, which come when a
 * client asks for them), never verification: callers hand it content that hashed to its digest,
 * and a blob's bytes stay pending until the caller has checked them ({@link PendingBlob}).
 */
public final class CacheWriter {
    private final RegistryStorage storage;
    private final BlobStore blobs;
    private final SweepGuard guard;
    private final ReferrerIndex referrers;
    private final ObjectMapper json;
    private final ApplicationEventPublisher events;

    public CacheWriter(RegistryStorage storage, BlobStore blobs, SweepGuard guard, ReferrerIndex referrers, ObjectMapper json,
                       ApplicationEventPublisher events) {
        this.storage = storage;
        this.blobs = blobs;
        this.guard = guard;
        this.referrers = referrers;
        this.json = json;
        this.events = events;
    }

    /**
     * Stores a manifest whose bytes hashed to {@code digest} and points the tags at it. When the
     * bytes came from IPFS ({@code contentId}), their content is linked rather than written again.
     */
    public void storeManifest(RepositoryName repository, Digest digest, MediaType mediaType, byte[] verified,
                              Optional<String> contentId, List<Tag> tags) {
        Manifest manifest = Manifest.parse(json, verified, Optional.of(mediaType));
        guard.referencing(Stream.concat(Stream.of(digest), manifest.references().stream()).toList(), () -> {
            if (contentId.isPresent()) {
                blobs.adoptVerified(digest, contentId.get());
            } else {
                blobs.storeSmall(digest, verified);
            }
            storage.writeUnlessKnown(RegistryLayout.manifestMediaType(repository, digest), mediaType.value().getBytes(StandardCharsets.UTF_8));
            storage.writeUnlessKnown(RegistryLayout.manifestRevisionLink(repository, digest), digest.toString().getBytes(StandardCharsets.UTF_8));
            manifest.subject().ifPresent(subject -> referrers.add(repository, subject.digest(),
                    new Referrer(manifest.mediaType(), digest, verified.length, manifest.artifactType(), manifest.annotations())));
            tags.forEach(tag -> writeTag(repository, tag, digest));
            return null;
        });
        events.publishEvent(new ManifestChange.Pushed(repository, digest, manifest.blobs(), tags));
    }

    /** Points a tag at a manifest the repository holds ({@code verified} are its bytes). */
    public void tag(RepositoryName repository, Tag tag, Digest digest, MediaType mediaType, byte[] verified) {
        Manifest manifest = Manifest.parse(json, verified, Optional.of(mediaType));
        guard.referencing(List.of(digest), () -> {
            writeTag(repository, tag, digest);
            return null;
        });
        events.publishEvent(new ManifestChange.Pushed(repository, digest, manifest.blobs(), List.of(tag)));
    }

    /** A blob verified in a tree on IPFS, made part of the repository by its content id: no bytes are copied. */
    public void adoptBlob(RepositoryName repository, Digest digest, String contentId) {
        guard.referencing(List.of(digest), () -> {
            blobs.adoptVerified(digest, contentId);
            blobs.link(repository, digest);
            return null;
        });
    }

    /** Opens a blob's pending content, invisible until {@link PendingBlob#publish}. */
    public PendingBlob pendingBlob(RepositoryName repository) throws IOException {
        UploadId id = UploadId.random();
        String folder = RegistryLayout.upload(repository, id);
        return new PendingBlob(repository, folder, storage.driver().writer(RegistryLayout.uploadData(repository, id), false));
    }

    private void writeTag(RepositoryName repository, Tag tag, Digest digest) {
        storage.write(RegistryLayout.tagLink(repository, tag), digest.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A blob being fetched: its bytes go to the storage driver's pending content (beside uploads, so
     * that nothing unverified is ever in the blob store) and become the repository's blob only when
     * published after verification. Closing without publishing discards them.
     */
    public final class PendingBlob implements Closeable {
        private final RepositoryName repository;
        private final String folder;
        private final FileWriter writer;
        private boolean committed;

        private PendingBlob(RepositoryName repository, String folder, FileWriter writer) {
            this.repository = repository;
            this.folder = folder;
            this.writer = writer;
        }

        /** Where the bytes go, as they arrive. */
        public OutputStream out() {
            return writer;
        }

        /** Makes the bytes, which hashed to {@code digest}, the repository's blob: committed straight to the blob's place. */
        public void publish(Digest digest) {
            guard.referencing(List.of(digest), () -> {
                blobs.commit(writer, digest);
                committed = true;
                blobs.link(repository, digest);
                return null;
            });
        }

        /** Discards whatever was not published. */
        @Override
        public void close() throws IOException {
            if (committed) {
                return;
            }
            try {
                writer.cancel();
            } finally {
                storage.delete(folder);
            }
        }
    }
}
