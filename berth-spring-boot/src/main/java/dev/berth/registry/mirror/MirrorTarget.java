package dev.berth.registry.mirror;

import dev.berth.registry.mirror.upstream.UpstreamProperties.Upstream;
import dev.berth.registry.naming.RepositoryName;
import java.util.Objects;

/**
 * One mirrored repository: the upstream it comes from, its name there, and the repository of this
 * registry's own store that caches it, {@code <upstream path prefix>/<name there>} (such as
 * {@code docker.io/library/alpine}), which is part of the published tree like any other.
 *
 * @param remote the name at the upstream, Docker Hub's {@code library/} included
 */
public record MirrorTarget(Upstream upstream, RepositoryName remote) {
    public MirrorTarget {
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(remote, "remote");
    }

    /** The target a client's name below the upstream stands for: on Docker Hub, {@code alpine} is {@code library/alpine}. */
    public static MirrorTarget of(Upstream upstream, String nameBelowUpstream) {
        boolean official = upstream.isDockerHub() && nameBelowUpstream.indexOf('/') < 0;
        return new MirrorTarget(upstream, new RepositoryName(official ? "library/" + nameBelowUpstream : nameBelowUpstream));
    }

    /** The repository of this registry's store that keeps what was pulled. */
    public RepositoryName cache() {
        return new RepositoryName(upstream.pathPrefix() + "/" + remote.value());
    }

    /** Whether the upstream's include and exclude globs let this repository be mirrored. */
    public boolean mirrored() {
        return upstream.mirrors(remote.value());
    }

    @Override
    public String toString() {
        return upstream.name() + "/" + remote;
    }
}
