package dev.berth.registry.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.gc.GarbageCollector;
import dev.berth.registry.gc.GcEndpoint;
import dev.berth.registry.gc.GcProperties;
import dev.berth.registry.gc.GcReport;
import dev.berth.registry.gc.GcSchedule;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

class GcAutoConfigurationTest {
    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, StorageAutoConfiguration.class,
                    RegistryAutoConfiguration.class, GcAutoConfiguration.class));

    @Test
    void aCollectorAndTheActuatorEndpointButNoScheduleByDefault() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(GarbageCollector.class).hasSingleBean(GcEndpoint.class).doesNotHaveBean(GcSchedule.class);
            GcProperties properties = context.getBean(GarbageCollector.class).properties();
            assertThat(properties).isEqualTo(GcProperties.defaults());
            GcReport report = context.getBean(GcEndpoint.class).run(true);
            assertThat(report.dryRun()).isTrue();
            assertThat(report.repositories()).isZero();
        });
    }

    @Test
    void propertiesConfigureTheCollectorAndEnableTheSchedule() {
        runner.withPropertyValues("berth.gc.enabled=true", "berth.gc.interval=10m", "berth.gc.grace=0s", "berth.gc.dry-run=true",
                        "berth.gc.delete-untagged=true", "berth.gc.upload-expiry=2h")
                .run(context -> {
                    assertThat(context).hasSingleBean(GcSchedule.class);
                    assertThat(context.getBean(GarbageCollector.class).properties()).isEqualTo(
                            new GcProperties(true, Duration.ofMinutes(10), Duration.ZERO, true, true, Duration.ofHours(2)));
                    assertThat(context.getBean(GcEndpoint.class).run(null).dryRun()).as("the endpoint follows berth.gc.dry-run").isTrue();
                });
    }

    @Test
    void aNegativeGraceIsRefusedAtStartup() {
        runner.withPropertyValues("berth.gc.grace=-1s")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("berth.gc.grace"));
    }

    @Test
    void withoutActuatorThereIsNoEndpointButStillACollector() {
        runner.withClassLoader(new FilteredClassLoader(Endpoint.class))
                .run(context -> assertThat(context).hasSingleBean(GarbageCollector.class).doesNotHaveBean(GcEndpoint.class));
    }
}
