package dev.berth.registry.mirror.cache;

import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.RepositoryName;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each cached manifest was last pulled, for eviction (least recently pulled first). Kept in
 * memory: writing a time into the published tree at every pull would change its root each time. A
 * manifest not pulled since this process started counts as pulled at the start.
 */
public final class PullTimes {
    private record Key(RepositoryName repository, Digest digest) {}

    private final Clock clock;
    private final Instant started;
    private final Map<Key, Instant> pulled = new ConcurrentHashMap<>();

    public PullTimes(Clock clock) {
        this.clock = clock;
        this.started = clock.instant();
    }

    public void pulled(RepositoryName repository, Digest digest) {
        pulled.put(new Key(repository, digest), clock.instant());
    }

    /** When the manifest was last pulled, or when this process started if not since. */
    public Instant lastPulled(RepositoryName repository, Digest digest) {
        return pulled.getOrDefault(new Key(repository, digest), started);
    }

    /** Forgets an evicted manifest. */
    public void forget(RepositoryName repository, Digest digest) {
        pulled.remove(new Key(repository, digest));
    }
}
