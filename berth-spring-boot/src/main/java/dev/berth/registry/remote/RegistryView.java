package dev.berth.registry.remote;

import dev.berth.registry.blobs.BlobStore;
import dev.berth.registry.gc.SweepGuard;
import dev.berth.registry.layout.RegistryStorage;
import dev.berth.registry.manifests.ManifestProperties;
import dev.berth.registry.manifests.ManifestService;
import dev.berth.registry.metrics.RegistryMetrics;
import dev.berth.registry.referrers.ReferrerIndex;
import dev.berth.registry.tags.TagStore;
import tools.jackson.databind.ObjectMapper;

/**
 * The registry's reading services over one storage tree: this registry's own, or a remote tree
 * read through IPFS, laid out the same way ({@link dev.berth.registry.layout.RegistryLayout}), so
 * the same code reads and verifies both.
 */
public record RegistryView(BlobStore blobs, ManifestService manifests, TagStore tags, ReferrerIndex referrers) {

    /** Services over a storage of their own, such as a remote tree. */
    public static RegistryView over(RegistryStorage storage, ObjectMapper json, ManifestProperties properties,
                                    RegistryMetrics metrics) {
        SweepGuard neverCollected = new SweepGuard(); // garbage collection runs on the registry's own tree only
        BlobStore blobs = new BlobStore(storage, neverCollected, metrics);
        TagStore tags = new TagStore(storage);
        ReferrerIndex referrers = new ReferrerIndex(storage, json);
        // Remote trees are read-only: nothing to announce, and the published views must not follow them.
        ManifestService manifests = new ManifestService(storage, blobs, tags, referrers, json, properties, neverCollected, metrics,
                event -> { });
        return new RegistryView(blobs, manifests, tags, referrers);
    }
}
