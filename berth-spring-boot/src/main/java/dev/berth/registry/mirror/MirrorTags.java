package dev.berth.registry.mirror;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.mirror.upstream.TagPage;
import dev.berth.registry.mirror.upstream.UpstreamException;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.Page;
import dev.berth.registry.naming.PageRequest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import dev.berth.registry.repository.Tags;
import java.util.Optional;

/**
 * The tags of one mirrored repository: the upstream's list, page by page; the cached tags, said to
 * be stale, when the upstream fails.
 */
final class MirrorTags implements Tags {
    /** The page asked of the upstream when the client sets no {@code n}. */
    private static final int DEFAULT_PAGE = 1000;
    private static final int MAX_PAGE = 10_000;

    private final Mirror mirror;
    private final MirrorTarget target;

    MirrorTags(Mirror mirror, MirrorTarget target) {
        this.mirror = mirror;
        this.target = target;
    }

    @Override
    public Page list(RepositoryName asked, PageRequest request) {
        int n = Math.min(request.n().orElse(DEFAULT_PAGE), MAX_PAGE);
        if (n == 0) {
            return new Page(java.util.List.of(), false);
        }
        try {
            TagPage page = mirror.client(target).listTags(target.remote(), n, request.last());
            mirror.listener().served(ServedFrom.UPSTREAM, Optional.empty());
            return new Page(page.tags(), page.next().isPresent());
        } catch (UpstreamException e) {
            if (!e.isUpstreamFailure()) {
                mirror.metrics().upstreamError(e);
                throw UpstreamFailures.toClient(e, ErrorCode.NAME_UNKNOWN, target, target.remote().value());
            }
            try {
                Page cached = mirror.cache().tags().list(target.cache(), request);
                mirror.metrics().upstreamError(e);
                mirror.listener().served(ServedFrom.STALE_CACHE, Optional.ofNullable(MirrorMetrics.errorTag(e)));
                return cached;
            } catch (RegistryException notCached) {
                mirror.metrics().upstreamError(e);
                throw UpstreamFailures.toClient(e, ErrorCode.NAME_UNKNOWN, target, target.remote().value());
            }
        }
    }

    /** Where the cache says the tag points. */
    @Override
    public Optional<Digest> get(RepositoryName asked, Tag tag) {
        return mirror.cache().tags().get(target.cache(), tag);
    }
}
