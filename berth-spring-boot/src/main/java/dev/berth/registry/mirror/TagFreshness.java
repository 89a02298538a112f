package dev.berth.registry.mirror;

import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each cached tag was last found, by the upstream, to point where the cache says: within the
 * upstream's time-to-live it is served without asking again. Kept in memory (bounded), so a restart
 * checks every tag once more; content by digest never needs checking.
 */
final class TagFreshness {
    private static final int MAX_ENTRIES = 100_000;

    private record Key(RepositoryName repository, Tag tag) {}

    private record Checked(Digest digest, Instant at) {}

    private final Clock clock;
    private final Map<Key, Checked> checked = new ConcurrentHashMap<>();

    TagFreshness(Clock clock) {
        this.clock = clock;
    }

    /** Where the upstream said, within {@code ttl}, that the tag points. */
    Optional<Digest> fresh(RepositoryName repository, Tag tag, Duration ttl) {
        Checked last = checked.get(new Key(repository, tag));
        return last != null && last.at().plus(ttl).isAfter(clock.instant()) ? Optional.of(last.digest()) : Optional.empty();
    }

    /** The upstream just said that the tag points at {@code digest}. */
    void confirmed(RepositoryName repository, Tag tag, Digest digest) {
        if (checked.size() >= MAX_ENTRIES) {
            checked.clear(); // every tag is checked once more: a cost, never a wrong answer
        }
        checked.put(new Key(repository, tag), new Checked(digest, clock.instant()));
    }
}
