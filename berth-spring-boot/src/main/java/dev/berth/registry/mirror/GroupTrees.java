package dev.berth.registry.mirror;

import dev.berth.registry.blobs.BlobStore;
import dev.berth.registry.blobs.StoredBlobs;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.ipfs.remote.RemoteName;
import dev.berth.registry.ipfs.remote.RemoteTrees;
import dev.berth.registry.manifests.ManifestProperties;
import dev.berth.registry.manifests.StoredManifests;
import dev.berth.registry.mirror.upstream.UpstreamProperties.PeerTree;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import dev.berth.registry.referrers.ReferrerIndex;
import dev.berth.registry.repository.BlobContent;
import dev.berth.registry.repository.RangeRequest;
import dev.berth.registry.repository.StoredManifest;
import dev.berth.registry.store.DigestCheck;
import dev.berth.registry.store.RegistryStorage;
import dev.berth.registry.store.SweepGuard;
import dev.berth.registry.tags.StoredTags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;

/**
 * The published trees of the other mirrors of the group ({@code berth.mirror.group}), asked for a
 * blob, manifest or tag before the upstream. Trees are read through {@link RemoteTrees} (names
 * resolved, peer hints dialed, blocks over bitswap) by the local store's own reading code, so what
 * they serve is verified against its digest like local content. Each look-up in a tree is bounded by
 * {@code berth.mirror.group-timeout}; a tree that could not be reached is left alone for a while, so
 * that a member gone down costs one timeout, not one per request.
 */
public final class GroupTrees implements MirrorGroup, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupTrees.class);
    /** How long a tree that could not be reached is not asked. */
    static final Duration BACKOFF = Duration.ofSeconds(30);

    /** One tree of the group, read with the local store's code. */
    record TreeReader(StoredBlobs blobs, StoredManifests manifests, StoredTags tags) {}

    private final Optional<RemoteTrees> trees;
    private final List<RemoteName> members;
    private final Duration timeout;
    private final DigestCheck check;
    private final ObjectMapper json;
    private final ManifestProperties manifestProperties;
    private final PeerPrefetch prefetch;
    private final Clock clock;
    private final Map<RemoteName, Instant> unreachableUntil = new ConcurrentHashMap<>();

    public GroupTrees(Optional<RemoteTrees> trees, List<PeerTree> group, Duration timeout, DigestCheck check, ObjectMapper json,
               ManifestProperties manifestProperties, PeerPrefetch prefetch, Clock clock) {
        if (!group.isEmpty() && trees.isEmpty()) {
            throw new IllegalStateException("berth.mirror.group reads trees on IPFS: it needs berth.storage.driver=ipfs");
        }
        this.trees = trees;
        this.members = group.stream().map(GroupTrees::remoteName).toList();
        this.timeout = timeout;
        this.check = check;
        this.json = json;
        this.manifestProperties = manifestProperties;
        this.prefetch = prefetch;
        this.clock = clock;
    }

    private static RemoteName remoteName(PeerTree tree) {
        String[] parts = tree.tree().split("/", 3);
        try {
            return new RemoteName(parts[1].equals("ipfs") ? RemoteName.Kind.IPFS : RemoteName.Kind.IPNS, parts[2], Optional.empty());
        } catch (RegistryException e) {
            throw new IllegalArgumentException("berth.mirror.group: " + tree.tree() + ": " + e.getMessage() + " (" + e.detail() + ")");
        }
    }

    @Override
    public Optional<Found<BlobContent>> blob(RepositoryName repository, Digest digest, Optional<RangeRequest> range) {
        return first(repository, reader -> reader.blobs().stat(repository, digest).isPresent()
                ? Optional.of(reader.blobs().open(repository, digest, range)) : Optional.empty());
    }

    @Override
    public Optional<Found<StoredManifest>> manifest(RepositoryName repository, Digest digest) {
        return first(repository, reader -> {
            try {
                return Optional.of(reader.manifests().get(repository, digest));
            } catch (RegistryException notThere) {
                return Optional.empty();
            }
        });
    }

    @Override
    public Optional<Found<Digest>> tag(RepositoryName repository, Tag tag) {
        return first(repository, reader -> reader.tags().get(repository, tag));
    }

    @Override
    public Prefetching prefetch(String cid) {
        return prefetch.start(cid);
    }

    @Override
    public void close() throws java.io.IOException {
        prefetch.close();
    }

    private <T> Optional<Found<T>> first(RepositoryName repository, Function<TreeReader, Optional<T>> find) {
        for (RemoteName member : members) {
            Instant until = unreachableUntil.get(member);
            if (until != null && until.isAfter(clock.instant())) {
                continue;
            }
            Optional<T> found = lookUp(member, repository, find);
            if (found.isPresent()) {
                return Optional.of(new Found<>(found.get(), member.path()));
            }
        }
        return Optional.empty();
    }

    /** One tree, within the timeout; a tree that cannot be reached is skipped for {@link #BACKOFF}. */
    private <T> Optional<T> lookUp(RemoteName member, RepositoryName repository, Function<TreeReader, Optional<T>> find) {
        FutureTask<Optional<T>> task = new FutureTask<>(() -> find.apply(reader(member, repository)));
        Thread.ofVirtual().name("berth-mirror-group").start(task);
        try {
            return task.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            unreachable(member, "no answer within " + timeout);
        } catch (ExecutionException e) {
            unreachable(member, e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    private void unreachable(RemoteName member, String why) {
        unreachableUntil.put(member, clock.instant().plus(BACKOFF));
        log.warn("Mirror group tree {} could not be read ({}); not asking it for {}", member.path(), why, BACKOFF);
    }

    private TreeReader reader(RemoteName member, RepositoryName repository) {
        RemoteTrees.Located located = trees.orElseThrow().locate(new RemoteName(member.kind(), member.root(), Optional.of(repository)));
        RegistryStorage storage = located.storage();
        SweepGuard neverCollected = new SweepGuard(); // garbage collection runs on this registry's own tree only
        BlobStore content = new BlobStore(storage, neverCollected, check);
        StoredTags tags = new StoredTags(storage, event -> { });
        StoredManifests manifests = new StoredManifests(storage, content, tags, new ReferrerIndex(storage, json), json,
                manifestProperties, neverCollected, check, event -> { });
        return new TreeReader(new StoredBlobs(content), manifests, tags);
    }
}
