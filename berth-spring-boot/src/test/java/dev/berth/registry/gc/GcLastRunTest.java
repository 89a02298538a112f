package dev.berth.registry.gc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.storage.inmemory.InMemoryDriver;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The collector remembers its last run, dry or not, for whoever shows it. */
class GcLastRunTest {
    private final TestRegistry registry = new TestRegistry(new InMemoryDriver());

    @Test
    void noRunIsReportedBeforeTheFirstEndsAndThenTheLatestIs() {
        GarbageCollector collector = registry.collector(GcProperties.defaults().withGrace(Duration.ZERO));
        assertThat(collector.lastRun()).isEmpty();

        GcReport dry = collector.run(true);
        GarbageCollector.Completed first = collector.lastRun().orElseThrow();
        assertThat(first.report()).isEqualTo(dry);
        assertThat(first.at()).isEqualTo(registry.clock.instant());

        registry.clock.advance(Duration.ofMinutes(1));
        GcReport real = collector.run(false);
        assertThat(collector.lastRun().orElseThrow().report()).isEqualTo(real);
        assertThat(collector.lastRun().orElseThrow().at()).isAfter(first.at());
    }
}
