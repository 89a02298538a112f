package dev.berth.registry.mirror;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.mirror.MirrorMetrics.Content;
import dev.berth.registry.mirror.upstream.ManifestDescriptor;
import dev.berth.registry.mirror.upstream.UpstreamException;
import dev.berth.registry.mirror.upstream.UpstreamManifest;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.Reference;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import dev.berth.registry.repository.Manifests;
import dev.berth.registry.repository.StoredManifest;
import java.util.List;
import java.util.Optional;

/**
 * The manifests of one mirrored repository. By digest: from the cache for good, else from a tree of
 * the mirror group, else from the upstream, and cached. By tag: from the cache while the upstream
 * confirmed the tag within its time-to-live; otherwise the upstream is asked where the tag points
 * (a HEAD, which Docker Hub does not count as a pull) and the manifest is then found by digest. When
 * the upstream fails (rate limited, unreachable, erring), the cached tag is served and said to be
 * stale; without one, the group's trees may know the tag.
 */
final class MirrorManifests implements Manifests {
    private final Mirror mirror;
    private final MirrorTarget target;

    MirrorManifests(Mirror mirror, MirrorTarget target) {
        this.mirror = mirror;
        this.target = target;
    }

    @Override
    public StoredManifest get(RepositoryName asked, Reference reference) {
        StoredManifest manifest = switch (reference) {
            case Digest digest -> byDigest(digest, Optional.empty(), false);
            case Tag tag -> byTag(tag);
        };
        mirror.pulls().pulled(target.cache(), manifest.digest());
        return manifest;
    }

    private StoredManifest byTag(Tag tag) {
        RepositoryName cache = target.cache();
        Optional<StoredManifest> fresh = mirror.freshness().fresh(cache, tag, target.upstream().tagTtl()).flatMap(this::known);
        if (fresh.isPresent()) {
            return served(fresh.get(), ServedFrom.CACHE);
        }
        Optional<Digest> cached = mirror.pending().tagged(cache, tag).or(() -> mirror.cache().tags().get(cache, tag));
        ManifestDescriptor current;
        try {
            current = mirror.client(target).headManifest(target.remote(), tag);
        } catch (UpstreamException e) {
            return whenTheUpstreamFails(tag, cached, e);
        }
        mirror.freshness().confirmed(cache, tag, current.digest());
        boolean unchanged = cached.equals(Optional.of(current.digest()));
        try {
            return byDigest(current.digest(), Optional.of(tag), unchanged);
        } catch (RegistryException e) {
            // the tag moved, and the upstream failed to give the new manifest: the cached one is stale
            if (!unchanged && e.getCause() instanceof UpstreamException failure && failure.isUpstreamFailure()) {
                Optional<StoredManifest> stale = cached.flatMap(this::known);
                if (stale.isPresent()) {
                    return servedStale(stale.get(), failure);
                }
            }
            throw e;
        }
    }

    /**
     * The manifest by digest: cache, group, upstream.
     *
     * @param tag a tag to point at it, unless {@code tagged} says the cache's tag does already
     */
    private StoredManifest byDigest(Digest digest, Optional<Tag> tag, boolean tagged) {
        RepositoryName cache = target.cache();
        Optional<StoredManifest> known = known(digest);
        if (known.isPresent()) {
            if (tag.isPresent() && !tagged) {
                mirror.pending().tag(cache, tag.get(), known.get());
            }
            return served(known.get(), ServedFrom.CACHE);
        }
        List<Tag> tags = tag.stream().toList();
        Optional<MirrorGroup.Found<StoredManifest>> peer = mirror.group().manifest(cache, digest);
        if (peer.isPresent()) {
            StoredManifest found = peer.get().value();
            mirror.pending().store(cache, found, tags);
            mirror.metrics().fromPeer(Content.MANIFEST, found.content().length);
            mirror.listener().served(ServedFrom.PEER, Optional.empty());
            return found;
        }
        UpstreamManifest fetched;
        try {
            fetched = mirror.client(target).getManifest(target.remote(), digest);
        } catch (UpstreamException e) {
            mirror.metrics().upstreamError(e);
            throw UpstreamFailures.toClient(e, ErrorCode.MANIFEST_UNKNOWN, target, digest.toString());
        }
        mirror.metrics().upstreamBytes(target.upstream().name(), fetched.size());
        mirror.metrics().fromUpstream(Content.MANIFEST);
        StoredManifest manifest = new StoredManifest(digest, fetched.mediaType(), fetched.content(), Optional.empty());
        mirror.pending().store(cache, manifest, tags);
        mirror.listener().served(ServedFrom.UPSTREAM, Optional.empty());
        return manifest;
    }

    /**
     * The upstream failed to say where the tag points: an answer about the content (no such tag, no
     * access) goes to the client; a failing upstream leaves the cached tag, else the group's, stale.
     */
    private StoredManifest whenTheUpstreamFails(Tag tag, Optional<Digest> cached, UpstreamException e) {
        if (!e.isUpstreamFailure()) {
            mirror.metrics().upstreamError(e);
            throw UpstreamFailures.toClient(e, ErrorCode.MANIFEST_UNKNOWN, target, tag.value());
        }
        Optional<StoredManifest> stale = cached.flatMap(this::known);
        if (stale.isEmpty()) {
            Optional<MirrorGroup.Found<Digest>> known = mirror.group().tag(target.cache(), tag);
            if (known.isPresent()) {
                stale = Optional.of(byDigest(known.get().value(), Optional.of(tag), false));
            }
        }
        if (stale.isEmpty()) {
            mirror.metrics().upstreamError(e);
            throw UpstreamFailures.toClient(e, ErrorCode.MANIFEST_UNKNOWN, target, tag.value());
        }
        return servedStale(stale.get(), e);
    }

    private StoredManifest servedStale(StoredManifest manifest, UpstreamException cause) {
        mirror.metrics().stale(Content.MANIFEST, cause);
        mirror.listener().served(ServedFrom.STALE_CACHE, Optional.ofNullable(MirrorMetrics.errorTag(cause)));
        return manifest;
    }

    private StoredManifest served(StoredManifest manifest, ServedFrom from) {
        mirror.metrics().hit(Content.MANIFEST);
        mirror.listener().served(from, Optional.empty());
        return manifest;
    }

    /** The manifest, if the cache has it whole or is writing it. */
    private Optional<StoredManifest> known(Digest digest) {
        Optional<StoredManifest> pending = mirror.pending().get(target.cache(), digest);
        if (pending.isPresent()) {
            return pending;
        }
        try {
            return Optional.of(mirror.cache().manifests().get(target.cache(), digest));
        } catch (RegistryException e) {
            if (e.code() == ErrorCode.MANIFEST_UNKNOWN) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
