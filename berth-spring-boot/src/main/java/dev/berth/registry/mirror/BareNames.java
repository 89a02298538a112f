package dev.berth.registry.mirror;

import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.MediaType;
import dev.berth.registry.naming.Page;
import dev.berth.registry.naming.PageRequest;
import dev.berth.registry.naming.Reference;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import dev.berth.registry.oci.Manifest;
import dev.berth.registry.repository.BlobContent;
import dev.berth.registry.repository.BlobInfo;
import dev.berth.registry.repository.Blobs;
import dev.berth.registry.repository.Manifests;
import dev.berth.registry.repository.PushedManifest;
import dev.berth.registry.repository.RangeRequest;
import dev.berth.registry.repository.Repository;
import dev.berth.registry.repository.StoredManifest;
import dev.berth.registry.repository.Tags;
import dev.berth.registry.repository.Uploads;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.ObjectMapper;

/**
 * Repositories under bare names that the mirror serves until they are this registry's own: reads
 * come from the mirror, writes go to the local store's services (a push there makes the repository
 * local, and from then on the mirror leaves the name alone). Before a manifest push, the blobs it
 * names that the mirror holds are mounted into the local repository, since a pushing client may have
 * found them through the mirror and not uploaded them.
 */
final class BareNames {
    private final Blobs localBlobs;
    private final Uploads localUploads;
    private final Manifests localManifests;
    private final Tags localTags;
    private final ObjectMapper json;

    BareNames(Blobs localBlobs, Uploads localUploads, Manifests localManifests, Tags localTags, ObjectMapper json) {
        this.localBlobs = localBlobs;
        this.localUploads = localUploads;
        this.localManifests = localManifests;
        this.localTags = localTags;
        this.json = json;
    }

    /** The name read from {@code mirrored}, written to the local store. */
    Repository repository(RepositoryName name, Repository mirrored) {
        return Repository.of(name, Repository.ALL, new ReadMirroredBlobs(mirrored), localUploads,
                new ReadMirroredManifests(mirrored), new ReadMirroredTags(mirrored), mirrored.referrers());
    }

    private final class ReadMirroredBlobs implements Blobs {
        private final Repository mirrored;

        ReadMirroredBlobs(Repository mirrored) {
            this.mirrored = mirrored;
        }

        @Override
        public Optional<BlobInfo> stat(RepositoryName repository, Digest digest) {
            return mirrored.blobs().stat(repository, digest);
        }

        @Override
        public BlobContent open(RepositoryName repository, Digest digest, Optional<RangeRequest> range) {
            return mirrored.blobs().open(repository, digest, range);
        }

        @Override
        public void delete(RepositoryName repository, Digest digest) {
            localBlobs.delete(repository, digest);
        }
    }

    private final class ReadMirroredManifests implements Manifests {
        private final Repository mirrored;

        ReadMirroredManifests(Repository mirrored) {
            this.mirrored = mirrored;
        }

        @Override
        public StoredManifest get(RepositoryName repository, Reference reference) {
            return mirrored.manifests().get(repository, reference);
        }

        @Override
        public PushedManifest put(RepositoryName repository, Reference reference, Optional<MediaType> contentType, byte[] content,
                                  List<Tag> tags) {
            Manifest manifest = Manifest.parsePushed(json, content, contentType);
            for (Digest blob : manifest.blobs()) {
                localUploads.mount(repository, blob, Optional.of(mirrored)); // links it only when the mirror holds it
            }
            return localManifests.put(repository, reference, contentType, content, tags);
        }

        @Override
        public void delete(RepositoryName repository, Digest digest) {
            localManifests.delete(repository, digest);
        }
    }

    private final class ReadMirroredTags implements Tags {
        private final Repository mirrored;

        ReadMirroredTags(Repository mirrored) {
            this.mirrored = mirrored;
        }

        @Override
        public Page list(RepositoryName repository, PageRequest request) {
            return mirrored.tags().list(repository, request);
        }

        @Override
        public Optional<Digest> get(RepositoryName repository, Tag tag) {
            return mirrored.tags().get(repository, tag);
        }

        @Override
        public void put(RepositoryName repository, Tag tag, Digest digest) {
            localTags.put(repository, tag, digest);
        }

        @Override
        public void delete(RepositoryName repository, Tag tag) {
            localTags.delete(repository, tag);
        }
    }
}
