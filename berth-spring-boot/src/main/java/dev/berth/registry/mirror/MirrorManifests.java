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
final class MirrorManifests implements dev.berth.registry.repository.Manifests {
    private final Mirror mirror;
    private final MirrorTarget target;

    MirrorManifests(Mirror mirror, MirrorTarget target) {
        this.mirror = mirror;
        this.target = target;
    }

    @Override
    public StoredManifest get(RepositoryName asked, Reference reference) {
        StoredManifest manifest = switch (reference) {
            case Digest digest -> byDigest(digest, List.of(), Optional.empty());
            case Tag tag -> byTag(tag);
        };
        mirror.pulls().pulled(target.cache(), manifest.digest());
        return manifest;
    }

    private StoredManifest byTag(Tag tag) {
        RepositoryName cache = target.cache();
        Optional<Digest> cached = mirror.cache().tags().get(cache, tag);
        if (cached.isPresent() && mirror.freshness().isFresh(cache, tag, cached.get(), target.upstream().tagTtl())) {
            Optional<StoredManifest> fresh = fromCache(cached.get());
            if (fresh.isPresent()) {
                return served(fresh.get(), ServedFrom.CACHE);
            }
        }
        ManifestDescriptor current;
        try {
            current = mirror.client(target).headManifest(target.remote(), tag);
        } catch (UpstreamException e) {
            return whenTheUpstreamFails(tag, cached, e);
        }
        mirror.freshness().confirmed(cache, tag, current.digest());
        if (cached.equals(Optional.of(current.digest()))) {
            Optional<StoredManifest> unchanged = fromCache(current.digest());
            if (unchanged.isPresent()) {
                return served(unchanged.get(), ServedFrom.CACHE);
            }
        }
        return byDigest(current.digest(), List.of(tag), Optional.empty());
    }

    /** The manifest by digest: cache, group, upstream; a tag to point at it once cached. */
    private StoredManifest byDigest(Digest digest, List<Tag> tags, Optional<ServedFrom> stale) {
        RepositoryName cache = target.cache();
        Optional<StoredManifest> cached = fromCache(digest);
        if (cached.isPresent()) {
            tags.forEach(tag -> mirror.writer().tag(cache, tag, digest, cached.get().mediaType(), cached.get().content()));
            return served(cached.get(), stale.orElse(ServedFrom.CACHE));
        }
        Optional<GroupTrees.Found<StoredManifest>> peer = mirror.group().manifest(cache, digest);
        if (peer.isPresent()) {
            StoredManifest found = peer.get().value();
            mirror.writer().storeManifest(cache, digest, found.mediaType(), found.content(), found.contentId(), tags);
            mirror.metrics().fromPeer(Content.MANIFEST, found.content().length);
            mirror.listener().served(stale.orElse(ServedFrom.PEER), Optional.empty());
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
        byte[] content = fetched.content();
        mirror.writer().storeManifest(cache, digest, fetched.mediaType(), content, Optional.empty(), tags);
        mirror.listener().served(ServedFrom.UPSTREAM, Optional.empty());
        return new StoredManifest(digest, fetched.mediaType(), content, Optional.empty());
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
        Optional<StoredManifest> stale = cached.flatMap(this::fromCache);
        if (stale.isPresent()) {
            mirror.metrics().stale(Content.MANIFEST, e);
            mirror.listener().served(ServedFrom.STALE_CACHE, Optional.ofNullable(MirrorMetrics.errorTag(e)));
            return stale.get();
        }
        Optional<GroupTrees.Found<Digest>> known = mirror.group().tag(target.cache(), tag);
        if (known.isPresent()) {
            mirror.metrics().stale(Content.MANIFEST, e);
            StoredManifest manifest = byDigest(known.get().value(), List.of(tag), Optional.of(ServedFrom.STALE_CACHE));
            mirror.listener().served(ServedFrom.STALE_CACHE, Optional.ofNullable(MirrorMetrics.errorTag(e)));
            return manifest;
        }
        mirror.metrics().upstreamError(e);
        throw UpstreamFailures.toClient(e, ErrorCode.MANIFEST_UNKNOWN, target, tag.value());
    }

    private StoredManifest served(StoredManifest manifest, ServedFrom from) {
        if (from == ServedFrom.CACHE) {
            mirror.metrics().hit(Content.MANIFEST);
        }
        mirror.listener().served(from, Optional.empty());
        return manifest;
    }

    /** The cached manifest, if the cache has it whole. */
    private Optional<StoredManifest> fromCache(Digest digest) {
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
