package dev.berth.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.storage.inmemory.InMemoryDriver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckedDriverTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final StorageDriver driver = CheckedDriver.wrap(new InMemoryDriver(), meters);

    @Test
    void timesEveryOperationByOutcome() throws IOException {
        driver.putContent("/a", new byte[] {1, 2, 3});
        driver.getContent("/a");
        assertThrows(PathNotFoundException.class, () -> driver.stat("/missing"));
        assertThrows(InvalidPathException.class, () -> driver.stat("bad"));

        assertEquals(1, timerCount("put_content", "success"));
        assertEquals(1, timerCount("get_content", "success"));
        assertEquals(1, timerCount("stat", "not_found"));
        assertEquals(1, timerCount("stat", "invalid_path"));
    }

    @Test
    void countsBytesStreamedInAndOut() throws IOException {
        try (FileWriter writer = driver.writer("/f", false)) {
            writer.write(new byte[1000]);
            writer.commit();
        }
        try (InputStream in = driver.reader("/f", 10)) {
            in.readAllBytes();
        }
        assertEquals(1000, meters.get("berth.storage.bytes.written").tag("driver", "inmemory").counter().count());
        assertEquals(990, meters.get("berth.storage.bytes.read").tag("driver", "inmemory").counter().count());
        assertEquals(1, timerCount("commit", "success"));
    }

    @Test
    void turnsForeignFailuresIntoStorageFailuresNamingTheDriver() {
        StorageDriver broken = CheckedDriver.wrap(new BrokenDriver(), meters);
        StorageFailureException e = assertThrows(StorageFailureException.class, () -> broken.list("/x"));
        assertEquals("broken", e.driverName());
        assertTrue(e.getMessage().contains("disk on fire"), e.getMessage());
        assertTrue(e.getCause() instanceof UncheckedIOException);
        assertEquals(1, timerCount("list", "failure"));
        assertSame(broken, CheckedDriver.wrap(broken, meters), "wrapping twice wraps once");
    }

    private long timerCount(String operation, String outcome) {
        return meters.get("berth.storage.operations").tag("operation", operation).tag("outcome", outcome).timer().count();
    }

    private static final class BrokenDriver implements StorageDriver {
        @Override
        public String name() {
            return "broken";
        }

        @Override
        public InputStream reader(String path, long offset) {
            throw new IllegalStateException();
        }

        @Override
        public FileWriter writer(String path, boolean append) {
            throw new IllegalStateException();
        }

        @Override
        public FileInfo stat(String path) {
            throw new IllegalStateException();
        }

        @Override
        public List<String> list(String path) {
            throw new UncheckedIOException(new IOException("disk on fire"));
        }

        @Override
        public void move(String sourcePath, String destPath) {}

        @Override
        public void delete(String path) {}
    }
}
