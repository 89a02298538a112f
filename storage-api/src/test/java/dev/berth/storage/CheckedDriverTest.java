package dev.berth.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.storage.inmemory.InMemoryDriver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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

    @Test
    void anInterfaceCapabilityComesBackMeasuredWithItsFailuresNormalised() throws IOException {
        NotingDriver raw = new NotingDriver();
        StorageDriver checked = CheckedDriver.wrap(raw, meters);
        Notes notes = checked.unwrap(Notes.class).orElseThrow();
        assertNotSame(raw.notes, notes, "the driver's object is handed out behind the decorator");

        notes.write("/a", "first");
        assertEquals("first", notes.read("/a"));
        assertThrows(PathNotFoundException.class, () -> notes.read("/missing"));
        StorageFailureException failure = assertThrows(StorageFailureException.class, () -> notes.explode("/x"));
        assertEquals("noting", failure.driverName());
        assertEquals("/x", failure.path());
        assertTrue(failure.getMessage().contains("disk on fire"), failure.getMessage());
        assertInstanceOf(IllegalStateException.class, failure.getCause());

        assertEquals(1, timerCount("notes.write", "success"));
        assertEquals(1, timerCount("notes.read", "success"));
        assertEquals(1, timerCount("notes.read", "not_found"));
        assertEquals(1, timerCount("notes.explode", "failure"));
    }

    @Test
    void aCapabilityMethodWithoutIoExceptionFailsUncheckedWithTheStorageFailureInside() {
        Notes notes = CheckedDriver.wrap(new NotingDriver(), meters).unwrap(Notes.class).orElseThrow();
        UncheckedIOException e = assertThrows(UncheckedIOException.class, notes::countOrFail);
        assertInstanceOf(StorageFailureException.class, e.getCause());
        assertEquals(1, timerCount("notes.count_or_fail", "failure"));
    }

    @Test
    void theDecoratorAnswersForItselfAndAClassCapabilityIsTheDriversOwnObject() {
        NotingDriver raw = new NotingDriver();
        StorageDriver checked = CheckedDriver.wrap(raw, meters);
        assertSame(checked, checked.unwrap(StorageDriver.class).orElseThrow());
        assertSame(raw, checked.unwrap(NotingDriver.class).orElseThrow());
        assertEquals(Optional.empty(), checked.unwrap(Runnable.class));
        assertEquals(Optional.empty(), CheckedDriver.wrap(new InMemoryDriver(), meters).unwrap(Notes.class));
    }

    @Test
    void objectMethodsOfACapabilityAreNotMeasured() {
        Notes notes = CheckedDriver.wrap(new NotingDriver(), meters).unwrap(Notes.class).orElseThrow();
        assertTrue(notes.toString().contains("Notes"), notes.toString());
        assertEquals(notes, notes);
        assertFalse(notes.equals(new NotingDriver().notes));
        assertEquals(System.identityHashCode(notes), notes.hashCode());
        assertTrue(meters.find("berth.storage.operations").timers().isEmpty());
    }

    @Test
    void operationNamesAreSnakeCase() {
        assertEquals("published_tree", CheckedCapability.snakeCase("PublishedTree"));
        assertEquals("ipns_name", CheckedCapability.snakeCase("ipnsName"));
        assertEquals("url_fetcher", CheckedCapability.snakeCase("URLFetcher"));
        assertEquals("cid", CheckedCapability.snakeCase("cid"));
    }

    private long timerCount(String operation, String outcome) {
        return meters.get("berth.storage.operations").tag("operation", operation).tag("outcome", outcome).timer().count();
    }

    /** A capability beyond the SPI, as a driver might offer one. */
    interface Notes {
        String read(String path) throws IOException;

        void write(String path, String text) throws IOException;

        void explode(String path) throws IOException;

        int countOrFail();
    }

    /** The in-memory driver's operations, plus a {@link Notes} object it hands out through {@code unwrap}. */
    private static final class NotingDriver implements StorageDriver {
        private final InMemoryDriver files = new InMemoryDriver();
        private final Map<String, String> texts = new ConcurrentHashMap<>();
        final Notes notes = new Notes() {
            @Override
            public String read(String path) throws IOException {
                String text = texts.get(path);
                if (text == null) {
                    throw new PathNotFoundException(name(), path);
                }
                return text;
            }

            @Override
            public void write(String path, String text) {
                texts.put(path, text);
            }

            @Override
            public void explode(String path) {
                throw new IllegalStateException("disk on fire");
            }

            @Override
            public int countOrFail() {
                throw new IllegalStateException("no count");
            }
        };

        @Override
        public String name() {
            return "noting";
        }

        @Override
        public <T> Optional<T> unwrap(Class<T> capability) {
            return StorageDriver.super.unwrap(capability)
                    .or(() -> capability.isInstance(notes) ? Optional.of(capability.cast(notes)) : Optional.empty());
        }

        @Override
        public InputStream reader(String path, long offset) throws IOException {
            return files.reader(path, offset);
        }

        @Override
        public FileWriter writer(String path, boolean append) throws IOException {
            return files.writer(path, append);
        }

        @Override
        public FileInfo stat(String path) throws IOException {
            return files.stat(path);
        }

        @Override
        public List<String> list(String path) throws IOException {
            return files.list(path);
        }

        @Override
        public void move(String sourcePath, String destPath) throws IOException {
            files.move(sourcePath, destPath);
        }

        @Override
        public void delete(String path) throws IOException {
            files.delete(path);
        }
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
