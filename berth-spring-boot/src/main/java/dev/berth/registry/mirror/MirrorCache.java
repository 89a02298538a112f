package dev.berth.registry.mirror;

import dev.berth.registry.blobs.StoredBlobs;
import dev.berth.registry.manifests.StoredManifests;
import dev.berth.registry.referrers.StoredReferrers;
import dev.berth.registry.tags.StoredTags;
import java.util.Objects;

/**
 * The local store's reading services over the storage that the mirror's cache writer writes: how
 * the mirror reads its own repositories (the manifests also delete, for eviction). Not beans of the
 * service types, which are the application's to replace.
 */
public record MirrorCache(StoredBlobs blobs, StoredManifests manifests, StoredTags tags, StoredReferrers referrers) {
    public MirrorCache {
        Objects.requireNonNull(blobs, "blobs");
        Objects.requireNonNull(manifests, "manifests");
        Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(referrers, "referrers");
    }
}
