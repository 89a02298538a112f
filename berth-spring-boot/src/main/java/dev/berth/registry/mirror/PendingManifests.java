package dev.berth.registry.mirror;

import dev.berth.registry.mirror.cache.CacheWriter;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import dev.berth.registry.repository.StoredManifest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Manifests fetched and verified, written into the cache in the background so that the client that
 * asked does not wait for the store (on IPFS, several changes to the published tree); requests that
 * come meanwhile are served from here. A write that fails is logged; the next pull fetches again.
 */
final class PendingManifests {
    private static final Logger log = LoggerFactory.getLogger(PendingManifests.class);

    private record Key(RepositoryName repository, Digest digest) {}

    private record TagKey(RepositoryName repository, Tag tag) {}

    private final CacheWriter writer;
    private final Map<Key, StoredManifest> pending = new ConcurrentHashMap<>();
    private final Map<TagKey, Digest> pendingTags = new ConcurrentHashMap<>();

    PendingManifests(CacheWriter writer) {
        this.writer = writer;
    }

    /** The manifest, while it is being written. */
    Optional<StoredManifest> get(RepositoryName repository, Digest digest) {
        return Optional.ofNullable(pending.get(new Key(repository, digest)));
    }

    /**
     * Where a tag points while it is being written: a request that finds the upstream failing right
     * after the tag was fetched is served the tag as stale, as it would be once it is written.
     */
    Optional<Digest> tagged(RepositoryName repository, Tag tag) {
        return Optional.ofNullable(pendingTags.get(new TagKey(repository, tag)));
    }

    /** Writes the verified manifest and points the tags at it, in the background. */
    void store(RepositoryName repository, StoredManifest manifest, List<Tag> tags) {
        Key key = new Key(repository, manifest.digest());
        pending.put(key, manifest);
        List<TagKey> tagKeys = tags.stream().map(tag -> new TagKey(repository, tag)).toList();
        tagKeys.forEach(tagKey -> pendingTags.put(tagKey, manifest.digest()));
        Thread.ofVirtual().name("berth-mirror-manifest").start(() -> {
            try {
                writer.storeManifest(repository, manifest.digest(), manifest.mediaType(), manifest.content(), manifest.contentId(), tags);
            } catch (RuntimeException e) {
                log.warn("Could not cache {}@{}: {}", repository, manifest.digest(), e.toString());
            } finally {
                tagKeys.forEach(tagKey -> pendingTags.remove(tagKey, manifest.digest()));
                pending.remove(key, manifest);
            }
        });
    }

    /** Points a tag at a manifest the cache holds, in the background. */
    void tag(RepositoryName repository, Tag tag, StoredManifest manifest) {
        TagKey tagKey = new TagKey(repository, tag);
        pendingTags.put(tagKey, manifest.digest());
        Thread.ofVirtual().name("berth-mirror-tag").start(() -> {
            try {
                writer.tag(repository, tag, manifest.digest(), manifest.mediaType(), manifest.content());
            } catch (RuntimeException e) {
                log.warn("Could not point {}:{} at {}: {}", repository, tag, manifest.digest(), e.toString());
            } finally {
                pendingTags.remove(tagKey, manifest.digest());
            }
        });
    }
}
