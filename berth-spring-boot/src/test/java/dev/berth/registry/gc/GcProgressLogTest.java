package dev.berth.registry.gc;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.berth.storage.inmemory.InMemoryDriver;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import org.slf4j.LoggerFactory;

/** A long run says how far it got every so often, and every run ends with one summary line. */
class GcProgressLogTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(GarbageCollector.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void capture() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
    }

    @Test
    void progressLinesCarryTheCountsSoFarAndTheLastLineSummarises() {
        TestRegistry registry = new TestRegistry(new InMemoryDriver());
        for (int i = 0; i < 20; i++) {
            registry.image("progress/app", "v" + i, registry.blob("progress/app", "{\"i\":" + i + "}"), registry.blob("progress/app", "layer " + i));
        }
        GarbageCollector collector = new GarbageCollector(registry.storage, registry.manifests, registry.tags, registry.referrers,
                registry.locks, registry.guard, GcProperties.defaults(), JsonMapper.builder().build(), Clock.systemUTC(), Duration.ZERO);

        GcReport report = collector.run(false);

        List<String> messages = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(messages).anyMatch(line -> line.contains("marking") && line.contains("so far"));
        assertThat(messages).anyMatch(line -> line.contains("sweeping blobs") && line.contains("60 blobs marked"));
        assertThat(messages.getLast()).isEqualTo("Garbage collection " + report.summary())
                .contains("1 repositories", "20 manifests kept", "blobs 60 marked");
    }
}
