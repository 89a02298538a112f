package dev.berth.registry.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.repository.UploadStatus;
import dev.berth.storage.inmemory.InMemoryDriver;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GcScheduleTest {

    @Test
    void runsEveryIntervalAndStopsWhenClosed() throws Exception {
        TestRegistry registry = new TestRegistry(new InMemoryDriver());
        RepositoryName repository = new RepositoryName("scheduled");
        UploadStatus abandoned = registry.uploads.start(repository);
        registry.clock.advance(Duration.ofDays(2));
        GcProperties properties = new GcProperties(true, Duration.ofMillis(100), Duration.ZERO, false, false, Duration.ofDays(1));

        try (GcSchedule schedule = new GcSchedule(registry.collector(properties))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (registry.storage.exists(RegistryLayout.upload(repository, abandoned.id()))
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }

        assertThatThrownBy(() -> registry.uploads.status(repository, abandoned.id())).as("a scheduled run expired the upload")
                .hasMessageContaining("no upload with this id");
        UploadStatus later = registry.uploads.start(repository);
        registry.clock.advance(Duration.ofDays(2));
        Thread.sleep(500);
        assertThat(registry.uploads.status(repository, later.id()).size()).as("no run after close").isZero();
    }
}
