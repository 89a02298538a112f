package dev.berth.registry.mirror;

import dev.berth.registry.mirror.cache.BlobFlights;
import dev.berth.registry.mirror.cache.CacheWriter;
import dev.berth.registry.mirror.cache.PullTimes;
import dev.berth.registry.mirror.upstream.UpstreamClient;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.repository.Repository;
import java.util.Map;

/**
 * The parts every mirrored repository shares: the upstream clients, the cache (this registry's own
 * store, read with its own classes and written by the {@link CacheWriter}), the fetches in
 * progress, the group's trees, and the bookkeeping of tags and pulls.
 */
final class Mirror {
    private final Map<String, UpstreamClient> clients;
    private final MirrorCache cache;
    private final CacheWriter writer;
    private final PendingManifests pending;
    private final BlobFlights flights;
    private final MirrorGroup group;
    private final TagFreshness freshness;
    private final PullTimes pulls;
    private final MirrorMetrics metrics;
    private final ServedFromListener listener;

    /** @param clients by upstream name */
    Mirror(Map<String, UpstreamClient> clients, MirrorCache cache, CacheWriter writer, BlobFlights flights, MirrorGroup group,
           TagFreshness freshness, PullTimes pulls, MirrorMetrics metrics, ServedFromListener listener) {
        this.clients = Map.copyOf(clients);
        this.cache = cache;
        this.writer = writer;
        this.pending = new PendingManifests(writer);
        this.flights = flights;
        this.group = group;
        this.freshness = freshness;
        this.pulls = pulls;
        this.metrics = metrics;
        this.listener = listener;
    }

    /** The read-only repository that mirrors the target, under the name the client asked for. */
    Repository repository(MirrorTarget target, RepositoryName asked) {
        return Repository.readOnly(asked, new MirrorBlobs(this, target), new MirrorManifests(this, target), new MirrorTags(this, target),
                (repository, subject, artifactType) -> cache.referrers().list(target.cache(), subject, artifactType));
    }

    UpstreamClient client(MirrorTarget target) {
        return clients.get(target.upstream().name());
    }

    MirrorCache cache() {
        return cache;
    }

    CacheWriter writer() {
        return writer;
    }

    PendingManifests pending() {
        return pending;
    }

    BlobFlights flights() {
        return flights;
    }

    MirrorGroup group() {
        return group;
    }

    TagFreshness freshness() {
        return freshness;
    }

    PullTimes pulls() {
        return pulls;
    }

    MirrorMetrics metrics() {
        return metrics;
    }

    ServedFromListener listener() {
        return listener;
    }
}
