package dev.berth.registry.config;

import dev.berth.registry.gc.GarbageCollector;
import dev.berth.registry.gc.GcEndpoint;
import dev.berth.registry.gc.GcProperties;
import dev.berth.registry.gc.GcSchedule;
import dev.berth.registry.referrers.ReferrerIndex;
import dev.berth.registry.repository.Manifests;
import dev.berth.registry.repository.Tags;
import dev.berth.registry.store.RegistryStorage;
import dev.berth.registry.store.SweepGuard;
import dev.berth.registry.uploads.UploadLocks;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.ObjectMapper;

/**
 * Garbage collection of the registry's storage ({@code berth.gc.*}): a {@link GarbageCollector},
 * a schedule when {@code berth.gc.enabled}, and the actuator endpoint {@code gc} when actuator is
 * on the classpath.
 */
@AutoConfiguration(after = RegistryAutoConfiguration.class)
@ConditionalOnBean(UploadLocks.class)
@EnableConfigurationProperties(GcProperties.class)
public class GcAutoConfiguration {
    /** How often a long run logs its counts. */
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    @Bean
    @ConditionalOnMissingBean
    GarbageCollector garbageCollector(RegistryStorage storage, Manifests manifests, Tags tags, ReferrerIndex referrers,
                                      UploadLocks uploads, SweepGuard guard, GcProperties properties, ObjectMapper json) {
        return new GarbageCollector(storage, manifests, tags, referrers, uploads, guard, properties, json,
                Clock.systemUTC(), PROGRESS_EVERY);
    }

    @Bean
    @ConditionalOnBooleanProperty("berth.gc.enabled")
    GcSchedule gcSchedule(GarbageCollector collector) {
        return new GcSchedule(collector);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Endpoint.class)
    static class Actuator {

        @Bean
        @ConditionalOnMissingBean
        GcEndpoint gcEndpoint(GarbageCollector collector) {
            return new GcEndpoint(collector);
        }
    }
}
