package dev.berth.storage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The one decorator every driver runs behind, so that each driver stays small: it rejects invalid
 * paths before the driver sees them, turns any other failure into a {@link StorageException} that
 * names the driver, and records metrics.
 *
 * <p>Metrics: timer {@code berth.storage.operations} tagged {@code driver}, {@code operation} and
 * {@code outcome}; counters {@code berth.storage.bytes.read} and {@code berth.storage.bytes.written}
 * tagged {@code driver}.
 *
 * <p>Capabilities beyond the SPI ({@link #unwrap}) that are interfaces are handed out behind the
 * same checks: each call is timed with the operation {@code <capability>.<method>} in snake case
 * (such as {@code published_tree.link}) and its failures become {@link StorageException}s.
 */
public final class CheckedDriver implements StorageDriver {
    private final StorageDriver driver;
    private final MeterRegistry meters;
    private final Counter bytesRead;
    private final Counter bytesWritten;

    private CheckedDriver(StorageDriver driver, MeterRegistry meters) {
        this.driver = driver;
        this.meters = meters;
        this.bytesRead = Counter.builder("berth.storage.bytes.read").baseUnit("bytes")
                .tag("driver", driver.name()).register(meters);
        this.bytesWritten = Counter.builder("berth.storage.bytes.written").baseUnit("bytes")
                .tag("driver", driver.name()).register(meters);
    }

    /** Wraps a driver, recording metrics in Micrometer's global registry. */
    public static StorageDriver wrap(StorageDriver driver) {
        return wrap(driver, Metrics.globalRegistry);
    }

    /** Wraps a driver (once: a driver already wrapped is returned as it is). */
    public static StorageDriver wrap(StorageDriver driver, MeterRegistry meters) {
        return driver instanceof CheckedDriver ? driver : new CheckedDriver(driver, meters);
    }

    /** The driver behind this decorator. */
    public StorageDriver delegate() {
        return driver;
    }

    @Override
    public String name() {
        return driver.name();
    }

    @Override
    public byte[] getContent(String path) throws IOException {
        return counted(call("get_content", path, FILE, () -> driver.getContent(path)));
    }

    @Override
    public byte[] getContent(String path, int limit) throws IOException {
        StorageDriver.checkLength(limit);
        return counted(call("get_content", path, FILE, () -> driver.getContent(path, limit)));
    }

    private byte[] counted(byte[] content) {
        bytesRead.increment(content.length);
        return content;
    }

    @Override
    public void putContent(String path, byte[] content) throws IOException {
        call("put_content", path, FILE, () -> {
            driver.putContent(path, content);
            bytesWritten.increment(content.length);
            return null;
        });
    }

    @Override
    public InputStream reader(String path, long offset) throws IOException {
        return call("reader", path, FILE, () -> counting(path, driver.reader(path, offset)));
    }

    @Override
    public InputStream reader(String path, long offset, long length) throws IOException {
        StorageDriver.checkLength(length);
        return call("reader", path, FILE, () -> counting(path, driver.reader(path, offset, length)));
    }

    @Override
    public OpenedFile open(String path, long offset, long length) throws IOException {
        StorageDriver.checkLength(length);
        return call("open", path, FILE, () -> {
            OpenedFile opened = driver.open(path, offset, length);
            return new OpenedFile(opened.info(), counting(path, opened.content()));
        });
    }

    @Override
    public FileWriter writer(String path, boolean append) throws IOException {
        return call("writer", path, FILE, () -> new CountingWriter(path, driver.writer(path, append)));
    }

    @Override
    public FileInfo stat(String path) throws IOException {
        return call("stat", path, FOLDER_OR_FILE, () -> driver.stat(path));
    }

    @Override
    public List<String> list(String path) throws IOException {
        return call("list", path, FOLDER_OR_FILE, () -> driver.list(path));
    }

    @Override
    public void move(String sourcePath, String destPath) throws IOException {
        checkPath(destPath, FILE);
        call("move", sourcePath, FILE, () -> {
            driver.move(sourcePath, destPath);
            return null;
        });
    }

    @Override
    public void delete(String path) throws IOException {
        call("delete", path, FILE, () -> {
            driver.delete(path);
            return null;
        });
    }

    @Override
    public Optional<URI> redirectUrl(String path) throws IOException {
        return call("redirect_url", path, FILE, () -> driver.redirectUrl(path));
    }

    @Override
    public void linkContent(String contentId, String path) throws IOException {
        call("link_content", path, FILE, () -> {
            driver.linkContent(contentId, path);
            return null;
        });
    }

    @Override
    public InputStream readContent(String contentId, long offset, long length) throws IOException {
        StorageDriver.checkLength(length);
        java.util.Objects.requireNonNull(contentId, "contentId");
        return measure("read_content", null, () -> counting("/", driver.readContent(contentId, offset, length)));
    }

    @Override
    public void walk(String path, Visitor visitor) throws IOException {
        call("walk", path, FOLDER_OR_FILE, () -> {
            driver.walk(path, visitor);
            return null;
        });
    }

    /**
     * This decorator when it is a {@code capability} (such as {@link StorageDriver}); else the
     * driver's own answer, which for an interface comes back behind a proxy that measures every
     * call and normalises its failures. A class capability comes back as the driver gave it,
     * unmeasured: ask for interfaces.
     */
    @Override
    public <T> Optional<T> unwrap(Class<T> capability) {
        if (capability.isInstance(this)) {
            return Optional.of(capability.cast(this));
        }
        Optional<T> found = driver.unwrap(capability);
        return capability.isInterface() ? found.map(target -> CheckedCapability.of(capability, target, this)) : found;
    }

    private static final boolean FILE = false;
    private static final boolean FOLDER_OR_FILE = true;

    interface Operation<T> {
        T run() throws IOException;
    }

    private <T> T call(String operation, String path, boolean rootAllowed, Operation<T> body) throws IOException {
        return measure(operation, path, () -> {
            checkPath(path, rootAllowed);
            return body.run();
        });
    }

    /** Times the body as {@code operation} and normalises its failures; {@code path} (may be null) names what it was about. */
    <T> T measure(String operation, String path, Operation<T> body) throws IOException {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "success";
        try {
            return body.run();
        } catch (IOException | RuntimeException e) {
            StorageException normalised = normalise(path, e);
            outcome = StorageOutcomes.of(normalised);
            throw normalised;
        } finally {
            sample.stop(Timer.builder("berth.storage.operations")
                    .tag("driver", driver.name())
                    .tag("operation", operation)
                    .tag("outcome", outcome)
                    .register(meters));
        }
    }

    private void checkPath(String path, boolean rootAllowed) throws InvalidPathException {
        String problem = StoragePath.problemWith(path);
        if (problem != null) {
            throw new InvalidPathException(driver.name(), path, problem);
        }
        if (!rootAllowed && path.equals("/")) {
            throw new InvalidPathException(driver.name(), path, "the root is a folder");
        }
    }

    private InputStream counting(String path, InputStream in) {
        return new CountingInputStream(in, bytesRead, e -> normalise(path, e));
    }

    private StorageException normalise(String path, Exception e) {
        if (e instanceof StorageException storage) {
            return storage;
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new StorageFailureException(driver.name(), path, message, e);
    }

    private final class CountingWriter extends FileWriter {
        private final String path;
        private final FileWriter writer;

        CountingWriter(String path, FileWriter writer) {
            this.path = path;
            this.writer = writer;
        }

        @Override
        public long size() {
            return writer.size();
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            try {
                writer.write(bytes, offset, length);
                bytesWritten.increment(length);
            } catch (IOException | RuntimeException e) {
                throw normalise(path, e);
            }
        }

        @Override
        public void flush() throws IOException {
            writer.flush();
        }

        @Override
        public void commit() throws IOException {
            call("commit", path, FILE, () -> {
                writer.commit();
                return null;
            });
        }

        @Override
        public FileInfo commitTo(String otherPath) throws IOException {
            checkPath(otherPath, FILE);
            return call("commit", path, FILE, () -> writer.commitTo(otherPath));
        }

        @Override
        public void cancel() throws IOException {
            call("cancel", path, FILE, () -> {
                writer.cancel();
                return null;
            });
        }

        @Override
        public void close() throws IOException {
            try {
                writer.close();
            } catch (IOException | RuntimeException e) {
                throw normalise(path, e);
            }
        }
    }
}
