package dev.berth.registry.mirror.web;

import dev.berth.registry.mirror.Prefetch;
import dev.berth.registry.mirror.cache.CacheEviction;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * Actuator endpoint {@code mirror}, for administrators (not exposed over the web unless the
 * application adds it to {@code management.endpoints.web.exposure.include}): a POST with
 * {@code {"images": "docker.io/library/alpine:3.20 docker.io/library/busybox:1.36"}} (separated by
 * spaces or commas: actuator takes string values) pre-fetches the images into the cache and reports
 * each; a DELETE runs the cache's eviction check now.
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
    public Map<String, List<Prefetch.Result>> prefetch(String images) {
        List<String> names = Arrays.stream(images.split("[\\s,]+")).filter(name -> !name.isEmpty()).toList();
        return Map.of("images", prefetch.warm(names));
    }

    @DeleteOperation
    public CacheEviction.Report evict() {
        return eviction.run();
    }
}
