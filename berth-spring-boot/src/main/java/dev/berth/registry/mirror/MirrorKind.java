package dev.berth.registry.mirror;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.mirror.upstream.UpstreamProperties.Upstream;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.repository.BlobContent;
import dev.berth.registry.repository.BlobInfo;
import dev.berth.registry.repository.Blobs;
import dev.berth.registry.repository.Repository;
import dev.berth.registry.repository.RepositoryKind;
import dev.berth.registry.store.RegistryStorage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    MirrorKind(List<Upstream> upstreams, Mirror mirror, RegistryStorage storage, BareNames bareNames) {
        upstreams.forEach(upstream -> byPrefix.put(upstream.pathPrefix(), upstream));
        this.bare = upstreams.stream().filter(Upstream::bareNames).findFirst();
        this.mirror = mirror;
        this.storage = storage;
        this.bareNames = bareNames;
    }

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
        RegistryException unknown = RegistryException.of(ErrorCode.NAME_UNKNOWN, why, name.value());
        Blobs noBlobs = new Blobs() {
            @Override
            public Optional<BlobInfo> stat(RepositoryName repository, dev.berth.registry.naming.Digest digest) {
                return Optional.empty();
            }

            @Override
            public BlobContent open(RepositoryName repository, dev.berth.registry.naming.Digest digest,
                                    Optional<dev.berth.registry.repository.RangeRequest> range) {
                throw unknown;
            }
        };
        return Repository.readOnly(name, noBlobs, (repository, reference) -> {
            throw unknown;
        }, new dev.berth.registry.repository.Tags() {
            @Override
            public dev.berth.registry.naming.Page list(RepositoryName repository, dev.berth.registry.naming.PageRequest request) {
                throw unknown;
            }

            @Override
            public Optional<dev.berth.registry.naming.Digest> get(RepositoryName repository, dev.berth.registry.naming.Tag tag) {
                return Optional.empty();
            }
        }, (repository, subject, artifactType) -> List.of());
    }
}
