package dev.berth.registry.mirror.web;

import dev.berth.registry.mirror.Prefetch;
import dev.berth.registry.mirror.cache.CacheEviction;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * Actuator endpoint {@code mirror}, for administrators (not exposed over the web unless the
 * application adds it to {@code management.endpoints.web.exposure.include}): a POST with
 * {@code {"images": ["docker.io/library/alpine:3.20", ...]}} pre-fetches images into the cache and
 * reports each; a DELETE runs the cache's eviction check now.
 */
@Endpoint(id = "mirror")
public class MirrorEndpoint {
    private final Prefetch prefetch;
    private final CacheEviction eviction;

    public MirrorEndpoint(Prefetch prefetch, CacheEviction eviction) {
        this.prefetch = prefetch;
        this.eviction = eviction;
    }

    @WriteOperation
    public Map<String, List<Prefetch.Result>> prefetch(List<String> images) {
        return Map.of("images", prefetch.warm(Optional.ofNullable(images).orElse(List.of())));
    }

    @DeleteOperation
    public CacheEviction.Report evict() {
        return eviction.run();
    }
}
