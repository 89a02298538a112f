package dev.berth.registry.mirror.config;

import dev.berth.registry.blobs.BlobStore;
import dev.berth.registry.blobs.StoredBlobs;
import dev.berth.registry.gc.GarbageCollector;
import dev.berth.registry.ipfs.KuboConnectionDetails;
import dev.berth.registry.ipfs.remote.RemoteTrees;
import dev.berth.registry.manifests.ManifestProperties;
import dev.berth.registry.manifests.StoredManifests;
import dev.berth.registry.metrics.RegistryMetrics;
import dev.berth.registry.mirror.GroupTrees;
import dev.berth.registry.mirror.MirrorCache;
import dev.berth.registry.mirror.MirrorGroup;
import dev.berth.registry.mirror.MirrorKind;
import dev.berth.registry.mirror.MirrorMetrics;
import dev.berth.registry.mirror.PeerPrefetch;
import dev.berth.registry.mirror.Prefetch;
import dev.berth.registry.mirror.ServedFromListener;
import dev.berth.registry.mirror.UpstreamClients;
import dev.berth.registry.mirror.cache.BlobFlights;
import dev.berth.registry.mirror.cache.CacheEviction;
import dev.berth.registry.mirror.cache.CacheWriter;
import dev.berth.registry.mirror.cache.PullTimes;
import dev.berth.registry.mirror.upstream.UpstreamProperties;
import dev.berth.registry.mirror.upstream.UpstreamProperties.Upstream;
import dev.berth.registry.mirror.web.MirrorEndpoint;
import dev.berth.registry.mirror.web.NamespaceFilter;
import dev.berth.registry.mirror.web.ServedFromHeader;
import dev.berth.registry.referrers.ReferrerIndex;
import dev.berth.registry.referrers.StoredReferrers;
import dev.berth.registry.repository.Blobs;
import dev.berth.registry.repository.Manifests;
import dev.berth.registry.repository.Tags;
import dev.berth.registry.repository.Uploads;
import dev.berth.registry.store.DigestCheck;
import dev.berth.registry.store.RegistryStorage;
import dev.berth.registry.store.SweepGuard;
import dev.berth.registry.tags.StoredTags;
import dev.berth.storage.ipfs.IpfsStorageDriver;
import dev.berth.storage.ipfs.kubo.KuboClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import tools.jackson.databind.ObjectMapper;

/**
 * A pull-through mirror of the upstreams in {@code berth.mirror.upstreams}, on when at least one is
 * configured: the {@link MirrorKind} (asked after {@code ipfs/} and {@code ipns/} trees and private
 * repositories, before this registry's own store), its cache in that store, the group's trees (with
 * storage-ipfs), the containerd {@code ns} filter, the response header, the cache's eviction and the
 * actuator endpoint {@code mirror}.
 */
@AutoConfiguration(afterName = {"dev.berth.registry.config.RegistryAutoConfiguration", "dev.berth.registry.config.GcAutoConfiguration",
        "dev.berth.registry.ipfs.remote.RemoteAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean(BlobStore.class)
@ConditionalOnProperty(name = "berth.mirror.upstreams[0].name")
@EnableConfigurationProperties(UpstreamProperties.class)
public class MirrorAutoConfiguration {
    /** The longest a group tree's blob may take to arrive whole in this node's Kubo ahead of its reader. */
    private static final Duration PREFETCH_TIMEOUT = Duration.ofMinutes(10);

    @Bean
    UpstreamClients mirrorUpstreamClients(UpstreamProperties properties) {
        return new UpstreamClients(properties.upstreams());
    }

    @Bean
    @ConditionalOnMissingBean
    MirrorMetrics mirrorMetrics(ObjectProvider<MeterRegistry> meters) {
        return new MirrorMetrics(RegistryMetrics.meterRegistry(meters));
    }

    @Bean
    @ConditionalOnMissingBean
    CacheWriter mirrorCacheWriter(RegistryStorage storage, BlobStore blobs, SweepGuard guard, ReferrerIndex referrers, ObjectMapper json,
                                  ApplicationEventPublisher events) {
        return new CacheWriter(storage, blobs, guard, referrers, json, events);
    }

    @Bean
    @ConditionalOnMissingBean
    PullTimes mirrorPullTimes() {
        return new PullTimes(Clock.systemUTC());
    }

    @Bean
    MirrorCache mirrorCache(RegistryStorage storage, BlobStore blobs, ReferrerIndex referrers, ObjectMapper json,
                            ManifestProperties manifests, SweepGuard guard, DigestCheck check, ApplicationEventPublisher events) {
        StoredTags tags = new StoredTags(storage, events);
        return new MirrorCache(new StoredBlobs(blobs), new StoredManifests(storage, blobs, tags, referrers, json, manifests, guard, check,
                events), tags, new StoredReferrers(referrers));
    }

    @Bean
    @ConditionalOnMissingBean
    ServedFromListener mirrorServedFromListener() {
        return new ServedFromHeader();
    }

    /**
     * Asked after trees on IPFS ({@code ipfs/}, {@code ipns/}) and private repositories (whose names a
     * bare name must never take: a push to it would land unencrypted), just before this registry's own store.
     */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE - 50)
    MirrorKind mirrorKind(UpstreamProperties properties, UpstreamClients clients, MirrorCache cache, CacheWriter writer, PullTimes pulls,
                          MirrorMetrics metrics, ServedFromListener listener, ObjectProvider<MirrorGroup> group, RegistryStorage storage,
                          Blobs localBlobs, Uploads localUploads, Manifests localManifests, Tags localTags, ObjectMapper json) {
        BlobFlights flights = new BlobFlights(writer, Path.of(System.getProperty("java.io.tmpdir")));
        return MirrorKind.of(properties, clients, cache, writer, flights, group.getIfAvailable(() -> MirrorGroup.NONE), pulls, metrics,
                listener, storage, new MirrorKind.LocalServices(localBlobs, localUploads, localManifests, localTags), json);
    }

    @Bean
    Prefetch mirrorPrefetch(MirrorKind kind, ObjectMapper json) {
        return new Prefetch(kind, json);
    }

    @Bean
    CacheEviction mirrorCacheEviction(UpstreamProperties properties, RegistryStorage storage, MirrorCache cache, BlobStore blobs,
                                      PullTimes pulls, ObjectProvider<GarbageCollector> collector, ObjectMapper json) {
        return new CacheEviction(storage, cache.manifests(), blobs, pulls,
                properties.upstreams().stream().map(Upstream::pathPrefix).collect(Collectors.toSet()), properties.cache(),
                Optional.ofNullable(collector.getIfAvailable()), json, Clock.systemUTC());
    }

    @Bean
    @Conditional(CacheLimited.class)
    CacheEviction.Schedule mirrorCacheEvictionSchedule(CacheEviction eviction, UpstreamProperties properties) {
        return new CacheEviction.Schedule(eviction, properties.cache().checkInterval());
    }

    /** Before access control, so that it checks the repository the request is rewritten to. */
    @Bean
    FilterRegistrationBean<NamespaceFilter> mirrorNamespaceFilter(UpstreamProperties properties) {
        Map<String, String> prefixes = properties.upstreams().stream().collect(Collectors.toMap(Upstream::name, Upstream::pathPrefix));
        FilterRegistrationBean<NamespaceFilter> registration = new FilterRegistrationBean<>(new NamespaceFilter(prefixes));
        registration.addUrlPatterns("/v2/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /**
     * The group's trees, read through the IPFS wing, when storage-ipfs is there (without it, no
     * class of it is loaded); with a client of this registry's Kubo whose timeout bounds one prefetch.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(IpfsStorageDriver.class)
    static class Group {

        @Bean
        @ConditionalOnProperty(name = "berth.mirror.group[0].tree")
        GroupTrees mirrorGroup(UpstreamProperties properties, ObjectProvider<RemoteTrees> trees, ObjectProvider<KuboConnectionDetails> kubo,
                               DigestCheck check, ObjectMapper json, ManifestProperties manifests) {
            Optional<KuboClient> client = Optional.ofNullable(kubo.getIfAvailable())
                    .map(details -> KuboClient.builder().api(details.api()).timeout(PREFETCH_TIMEOUT).build());
            return new GroupTrees(Optional.ofNullable(trees.getIfAvailable()), properties.group(), properties.groupTimeout(), check, json,
                    manifests, new PeerPrefetch(client), Clock.systemUTC());
        }
    }

    /** {@code berth.mirror.cache.max-size} or {@code max-idle} is set. */
    static class CacheLimited extends AnyNestedCondition {
        CacheLimited() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty("berth.mirror.cache.max-size")
        static class MaxSize {
        }

        @ConditionalOnProperty("berth.mirror.cache.max-idle")
        static class MaxIdle {
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Endpoint.class)
    static class Actuator {

        @Bean
        @ConditionalOnMissingBean
        MirrorEndpoint mirrorEndpoint(Prefetch prefetch, CacheEviction eviction) {
            return new MirrorEndpoint(prefetch, eviction);
        }
    }
}
