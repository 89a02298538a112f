package dev.berth.registry.mirror;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.mirror.cache.BlobFlights;
import dev.berth.registry.mirror.cache.CacheWriter;
import dev.berth.registry.mirror.cache.PullTimes;
import dev.berth.registry.mirror.upstream.UpstreamProperties;
import dev.berth.registry.mirror.upstream.UpstreamProperties.Upstream;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.Page;
import dev.berth.registry.naming.PageRequest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import dev.berth.registry.repository.BlobContent;
import dev.berth.registry.repository.BlobInfo;
import dev.berth.registry.repository.Blobs;
import dev.berth.registry.repository.RangeRequest;
import dev.berth.registry.repository.Repository;
import dev.berth.registry.repository.RepositoryKind;
import dev.berth.registry.repository.Manifests;
import dev.berth.registry.repository.Tags;
import dev.berth.registry.repository.Uploads;
import dev.berth.registry.store.RegistryStorage;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import tools.jackson.databind.ObjectMapper;

/**
 * Mirrored repositories, read-only (pushes get DENIED): every name whose first component is an
 * upstream's ({@code docker.io/library/alpine}, as {@code localhost:5000/docker.io/library/alpine:3.20}
 * pulls it; Docker Hub's {@code docker.io/alpine} is {@code docker.io/library/alpine}), whether the
 * upstream's globs let it be mirrored or not. With {@code bare-names}, also names without an
 * upstream in front ({@code library/alpine}, as Docker's {@code registry-mirrors} sends them) that
 * this registry's own store holds no repository of: those are read from the mirror and written to
 * the store ({@link BareNames}), so a push makes them local from then on. Claiming costs no remote
 * call; bare names cost a look in the local storage.
 */
public final class MirrorKind implements RepositoryKind {
    private final Map<String, Upstream> byPrefix = new LinkedHashMap<>();
    private final Optional<Upstream> bare;
    private final Mirror mirror;
    private final RegistryStorage storage;
    private final BareNames bareNames;

    private MirrorKind(List<Upstream> upstreams, Mirror mirror, RegistryStorage storage, BareNames bareNames) {
        upstreams.forEach(upstream -> byPrefix.put(upstream.pathPrefix(), upstream));
        this.bare = upstreams.stream().filter(Upstream::bareNames).findFirst();
        this.mirror = mirror;
        this.storage = storage;
        this.bareNames = bareNames;
    }

    /**
     * The mirror of the configured upstreams.
     *
     * @param storage this registry's own storage: where the cache is, and whether a bare name is the store's
     * @param local the local store's services, which take what is written to a bare name
     */
    public static MirrorKind of(UpstreamProperties properties, UpstreamClients clients, MirrorCache cache, CacheWriter writer,
                                BlobFlights flights, MirrorGroup group, PullTimes pulls, MirrorMetrics metrics, ServedFromListener listener,
                                RegistryStorage storage, LocalServices local, ObjectMapper json) {
        if (!properties.group().isEmpty() && group == MirrorGroup.NONE) {
            throw new IllegalStateException("berth.mirror.group reads trees on IPFS: it needs dev.berth:storage-ipfs and "
                    + "berth.storage.driver=ipfs");
        }
        Mirror mirror = new Mirror(clients.byName(), cache, writer, flights, group, new TagFreshness(Clock.systemUTC()), pulls, metrics,
                listener);
        return new MirrorKind(properties.upstreams(), mirror, storage,
                new BareNames(local.blobs(), local.uploads(), local.manifests(), local.tags(), json));
    }

    /** The local store's services (or the application's replacements), which writes to bare names go to. */
    public record LocalServices(Blobs blobs, Uploads uploads, Manifests manifests, Tags tags) {}

    @Override
    public Optional<Repository> locate(RepositoryName name) {
        String value = name.value();
        int slash = value.indexOf('/');
        Upstream upstream = byPrefix.get(slash < 0 ? value : value.substring(0, slash));
        if (upstream != null) {
            if (slash < 0) {
                return Optional.of(unknown(name, value + " is a mirrored registry; pull " + value + "/<repository>"));
            }
            MirrorTarget target = MirrorTarget.of(upstream, value.substring(slash + 1));
            return Optional.of(target.mirrored() ? mirror.repository(target, name)
                    : unknown(name, target + " is not mirrored: berth.mirror.upstreams' include and exclude leave it out"));
        }
        if (bare.isPresent()) {
            MirrorTarget target = MirrorTarget.of(bare.get(), value);
            if (target.mirrored() && !storage.exists(RegistryLayout.repository(name))) {
                return Optional.of(bareNames.repository(name, mirror.repository(target, name)));
            }
        }
        return Optional.empty();
    }

    /** The mirror's repository for an image name such as {@code docker.io/library/alpine}, as pre-fetching reads it. */
    Optional<Repository> mirrored(RepositoryName name) {
        Optional<Repository> located = locate(name);
        return located.filter(repository -> byPrefix.containsKey(name.value().split("/", 2)[0]));
    }

    /** A name in the mirror's space that it does not serve: NAME_UNKNOWN for reads, DENIED for changes. */
    private static Repository unknown(RepositoryName name, String why) {
        Supplier<RegistryException> unknown = () -> RegistryException.of(ErrorCode.NAME_UNKNOWN, why, name.value());
        Blobs noBlobs = new Blobs() {
            @Override
            public Optional<BlobInfo> stat(RepositoryName repository, Digest digest) {
                return Optional.empty();
            }

            @Override
            public BlobContent open(RepositoryName repository, Digest digest, Optional<RangeRequest> range) {
                throw unknown.get();
            }
        };
        Tags noTags = new Tags() {
            @Override
            public Page list(RepositoryName repository, PageRequest request) {
                throw unknown.get();
            }

            @Override
            public Optional<Digest> get(RepositoryName repository, Tag tag) {
                return Optional.empty();
            }
        };
        return Repository.readOnly(name, noBlobs, (repository, reference) -> {
            throw unknown.get();
        }, noTags, (repository, subject, artifactType) -> List.of());
    }
}
