package dev.berth.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.berth.storage.StorageDriver.WalkControl;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules every {@link StorageDriver} follows, as tests. A driver's test extends this class and
 * says how to make the driver; everything else is inherited:
 *
 * <pre>{@code
 * class MyDriverContractTest extends StorageDriverContract {
 *     protected StorageDriver newDriver() { return new MyDriver(...); }
 * }
 * }</pre>
 *
 * <p>{@link #newDriver()} is called before each test and must return a driver whose root is
 * empty. The driver runs behind {@link CheckedDriver}, as it does in Berth. Each test works below a
 * folder of its own, deletes it, and then checks that the root is empty again. The 1 GiB stream is
 * tagged {@value #LARGE} so that a quick local run can leave it out.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
public abstract class StorageDriverContract {
    /** The tag of the slow tests (the 1 GiB stream). */
    public static final String LARGE = "large";

    private static final int MiB = 1 << 20;

    /** The driver under test, behind the decorator. */
    protected StorageDriver driver;
    /** The same driver as {@link #newDriver()} made it. */
    private StorageDriver unwrapped;
    /** This test's own folder. */
    protected String base;

    /** A driver whose root is empty. */
    protected abstract StorageDriver newDriver() throws Exception;

    /** Releases what {@link #newDriver()} made; called after each test. */
    protected void closeDriver(StorageDriver driver) throws Exception {}

    @BeforeEach
    void openDriver() throws Exception {
        unwrapped = newDriver();
        driver = CheckedDriver.wrap(unwrapped, new SimpleMeterRegistry());
        base = "/contract-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void rootIsEmptyAfterEveryTest() throws Exception {
        try {
            try {
                driver.delete(base);
            } catch (PathNotFoundException nothingWritten) {
                // The test wrote nothing, or removed what it wrote.
            }
            assertEquals(List.of(), driver.list("/"), "the root after deleting the test's folder");
        } finally {
            closeDriver(unwrapped);
        }
    }

    // ---- paths

    @ParameterizedTest
    @ValueSource(strings = {"a", "abc", "a.b", "a-b", "a_b", "A9.z_-", "...", ".hidden", "x/y/z", "sha256/ab/abcdef0123"})
    void validPathsRoundTrip(String relative) throws IOException {
        String path = path(relative);
        byte[] content = bytes(17, relative.hashCode());
        driver.putContent(path, content);
        assertArrayEquals(content, driver.getContent(path));
    }

    @Test
    void getContentWithALimitReadsTheWholeFileUpToItAndNoFurther() throws IOException {
        String path = path("limited");
        byte[] content = bytes(100, 7);
        driver.putContent(path, content);
        assertArrayEquals(content, driver.getContent(path, 100));
        assertArrayEquals(content, driver.getContent(path, 1000));
        assertArrayEquals(Arrays.copyOf(content, 11), driver.getContent(path, 11));
        assertArrayEquals(new byte[0], driver.getContent(path, 0));
        assertThrows(PathNotFoundException.class, () -> driver.getContent(path("absent"), 10));
        driver.putContent(path("folder/file"), content);
        assertThrows(PathNotFoundException.class, () -> driver.getContent(path("folder"), 10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "a/b", "/a/", "//a", "/a//b", "/a b", "/a\tb", "/ä", "/a:b", "/a~b", "/a/./b",
            "/a/../b", "/..", "/.", "/a/b/"})
    void invalidPathsAreRejectedByEveryOperation(String path) throws IOException {
        List<Callable<?>> operations = List.of(
                () -> driver.getContent(path),
                () -> {
                    driver.putContent(path, new byte[1]);
                    return null;
                },
                () -> driver.reader(path, 0),
                () -> driver.reader(path, 0, 1),
                () -> driver.open(path, 0, 1),
                () -> driver.writer(path, false),
                () -> driver.stat(path),
                () -> driver.list(path),
                () -> {
                    driver.move(path, path("ok"));
                    return null;
                },
                () -> {
                    driver.move(path("ok"), path);
                    return null;
                },
                () -> {
                    driver.delete(path);
                    return null;
                },
                () -> driver.redirectUrl(path),
                () -> {
                    driver.walk(path, info -> WalkControl.CONTINUE);
                    return null;
                });
        driver.putContent(path("ok"), new byte[] {1});
        for (Callable<?> operation : operations) {
            InvalidPathException e = assertThrows(InvalidPathException.class, operation::call, "path '" + path + "'");
            assertEquals(driver.name(), e.driverName());
        }
        assertArrayEquals(new byte[] {1}, driver.getContent(path("ok")), "a rejected move leaves its source");
    }

    @Test
    void theRootIsAFolderNotAFile() throws IOException {
        assertThrows(InvalidPathException.class, () -> driver.putContent("/", new byte[1]));
        assertThrows(InvalidPathException.class, () -> driver.writer("/", false));
        assertThrows(InvalidPathException.class, () -> driver.reader("/", 0));
        assertThrows(InvalidPathException.class, () -> driver.delete("/"));
        assertTrue(driver.stat("/").directory());
    }

    @Test
    void nullPathIsInvalid() {
        assertThrows(InvalidPathException.class, () -> driver.stat(null));
    }

    @Test
    void driverHasAName() {
        assertFalse(driver.name().isBlank());
    }

    // ---- capabilities

    /** Nothing a driver is or hands out. */
    interface NoSuchCapability {
        void nothing() throws IOException;
    }

    @Test
    void unwrapFindsTheDriverItselfAndNothingItIsNot() {
        assertSame(driver, driver.unwrap(StorageDriver.class).orElseThrow(), "the decorator answers for the SPI");
        assertSame(unwrapped, driver.unwrap(unwrapped.getClass()).orElseThrow(), "the driver's own class, through the decorator");
        assertEquals(Optional.empty(), driver.unwrap(NoSuchCapability.class));
    }

    // ---- round trips

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4095, 4096, 4097, 65_537, MiB, 16 * MiB + 3, 64 * MiB})
    void streamedContentRoundTrips(int size) throws IOException {
        String path = path("stream");
        byte[] content = bytes(size, size);
        try (FileWriter writer = driver.writer(path, false)) {
            // Odd-sized writes cross every chunk boundary a driver might have.
            for (int written = 0; written < size; ) {
                int n = Math.min(size - written, 100_003);
                writer.write(content, written, n);
                written += n;
            }
            assertEquals(size, writer.size());
            writer.commit();
        }
        assertEquals(size, driver.stat(path).size());
        try (InputStream in = driver.reader(path, 0)) {
            assertArrayEquals(content, in.readAllBytes());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4096, 1 << 16})
    void smallContentRoundTrips(int size) throws IOException {
        byte[] content = bytes(size, 7);
        driver.putContent(path("small"), content);
        assertArrayEquals(content, driver.getContent(path("small")));
    }

    @Test
    @Tag(LARGE)
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void oneGibibyteStreamRoundTripsCheckedBySha256() throws IOException {
        long size = 1L << 30;
        String path = path("large");
        MessageDigest written = sha256();
        byte[] block = new byte[MiB];
        SplittableRandom random = new SplittableRandom(42);
        try (FileWriter writer = driver.writer(path, false)) {
            for (long done = 0; done < size; done += block.length) {
                random.nextBytes(block);
                written.update(block);
                writer.write(block);
            }
            assertEquals(size, writer.size());
            writer.commit();
        }
        assertEquals(size, driver.stat(path).size());
        MessageDigest read = sha256();
        long count = 0;
        try (InputStream in = driver.reader(path, 0)) {
            for (int n; (n = in.read(block)) != -1; count += n) {
                read.update(block, 0, n);
            }
        }
        assertEquals(size, count);
        assertEquals(HexFormat.of().formatHex(written.digest()), HexFormat.of().formatHex(read.digest()));
    }

    @Test
    void everyByteValueSurvives() throws IOException {
        byte[] content = new byte[512];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) i;
        }
        driver.putContent(path("binary"), content);
        assertArrayEquals(content, driver.getContent(path("binary")));
    }

    @Test
    void contentThatIsNotUtf8Survives() throws IOException {
        byte[] content = {(byte) 0xc3, (byte) 0x28, (byte) 0xa0, (byte) 0xa1, (byte) 0xe2, (byte) 0x28, (byte) 0xa1,
                (byte) 0xf0, (byte) 0x28, (byte) 0x8c, (byte) 0xbc, 0, (byte) 0xff, (byte) 0xfe};
        driver.putContent(path("latin"), content);
        assertArrayEquals(content, driver.getContent(path("latin")));
    }

    @Test
    void putContentReplacesLongerContent() throws IOException {
        driver.putContent(path("f"), bytes(10_000, 1));
        byte[] shorter = bytes(10, 2);
        driver.putContent(path("f"), shorter);
        assertArrayEquals(shorter, driver.getContent(path("f")));
        assertEquals(10, driver.stat(path("f")).size());
    }

    @Test
    void writerWithoutAppendTruncates() throws IOException {
        driver.putContent(path("f"), bytes(5000, 1));
        byte[] replacement = bytes(3, 2);
        try (FileWriter writer = driver.writer(path("f"), false)) {
            assertEquals(0, writer.size());
            writer.write(replacement);
            writer.commit();
        }
        assertArrayEquals(replacement, driver.getContent(path("f")));
    }

    @Test
    void emptyFileIsAFileOfSizeZero() throws IOException {
        driver.putContent(path("empty"), new byte[0]);
        FileInfo info = driver.stat(path("empty"));
        assertFalse(info.directory());
        assertEquals(0, info.size());
        assertArrayEquals(new byte[0], driver.getContent(path("empty")));
    }

    // ---- readers

    @Test
    void readerStartsAtTheOffset() throws IOException {
        byte[] content = bytes(3 * MiB + 5, 3);
        driver.putContent(path("f"), content);
        for (long offset : new long[] {0, 1, 4096, MiB, 2 * MiB + 7, content.length - 1}) {
            try (InputStream in = driver.reader(path("f"), offset)) {
                byte[] tail = in.readAllBytes();
                assertEquals(content.length - offset, tail.length, "offset " + offset);
                assertArrayEquals(Arrays.copyOfRange(content, (int) offset, content.length), tail);
            }
        }
    }

    @Test
    void readerAtTheEndReadsNothing() throws IOException {
        driver.putContent(path("f"), bytes(100, 1));
        try (InputStream in = driver.reader(path("f"), 100)) {
            assertEquals(-1, in.read());
        }
    }

    @Test
    void readerBeyondTheEndIsAnInvalidOffset() throws IOException {
        driver.putContent(path("f"), bytes(100, 1));
        InvalidOffsetException e = assertThrows(InvalidOffsetException.class, () -> driver.reader(path("f"), 101));
        assertEquals(101, e.offset());
    }

    @Test
    void negativeOffsetIsInvalid() throws IOException {
        driver.putContent(path("f"), bytes(100, 1));
        assertThrows(InvalidOffsetException.class, () -> driver.reader(path("f"), -1));
    }

    @Test
    void readerOfAMissingFileIsNotFound() {
        PathNotFoundException e = assertThrows(PathNotFoundException.class, () -> driver.reader(path("missing"), 0));
        assertEquals(driver.name(), e.driverName());
        assertEquals(path("missing"), e.path());
    }

    @Test
    void getContentOfAMissingFileIsNotFound() {
        assertThrows(PathNotFoundException.class, () -> driver.getContent(path("missing")));
    }

    @Test
    void readerCanBeClosedEarly() throws IOException {
        byte[] content = bytes(8 * MiB, 5);
        driver.putContent(path("f"), content);
        try (InputStream in = driver.reader(path("f"), 0)) {
            assertEquals(content[0], (byte) in.read());
        }
        assertArrayEquals(content, driver.getContent(path("f")), "the file after an abandoned read");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0+0", "0+1", "1+4096", "1048575+1048578", "3145732+1", "3145733+0", "0+3145733", "3145723+100",
            "2097152+9223372036854775807"})
    void rangedReaderReadsTheRangeAndNoMore(String range) throws IOException {
        byte[] content = bytes(3 * MiB + 5, 11);
        driver.putContent(path("f"), content);
        long offset = Long.parseLong(range.substring(0, range.indexOf('+')));
        long length = Long.parseLong(range.substring(range.indexOf('+') + 1));
        int end = (int) Math.min(content.length, offset + Math.min(length, content.length));
        try (InputStream in = driver.reader(path("f"), offset, length)) {
            assertArrayEquals(Arrays.copyOfRange(content, (int) offset, end), in.readAllBytes(), range);
            assertEquals(-1, in.read(), "nothing after the range");
        }
    }

    @Test
    void rangedReaderChecksOffsetsAndLengths() throws IOException {
        driver.putContent(path("f"), bytes(100, 1));
        assertEquals(101, assertThrows(InvalidOffsetException.class, () -> driver.reader(path("f"), 101, 1)).offset());
        assertThrows(InvalidOffsetException.class, () -> driver.reader(path("f"), -1, 1));
        assertThrows(IllegalArgumentException.class, () -> driver.reader(path("f"), 0, -1));
        assertThrows(PathNotFoundException.class, () -> driver.reader(path("missing"), 0, 1));
        assertThrows(InvalidPathException.class, () -> driver.reader("/", 0, 1));
    }

    @Test
    void openDescribesTheFileAndStreamsTheRange() throws IOException {
        byte[] content = bytes(MiB + 3, 12);
        driver.putContent(path("dir/f"), content);
        FileInfo stat = driver.stat(path("dir/f"));
        try (OpenedFile opened = driver.open(path("dir/f"), 5, 1000)) {
            assertEquals(path("dir/f"), opened.info().path());
            assertFalse(opened.info().directory());
            assertEquals(content.length, opened.info().size());
            assertEquals(stat.contentId(), opened.info().contentId());
            assertArrayEquals(Arrays.copyOfRange(content, 5, 1005), opened.content().readAllBytes());
        }
        try (OpenedFile whole = driver.open(path("dir/f"), 0, Long.MAX_VALUE)) {
            assertArrayEquals(content, whole.content().readAllBytes());
        }
        assertThrows(PathNotFoundException.class, () -> driver.open(path("dir"), 0, 1));
        assertThrows(PathNotFoundException.class, () -> driver.open(path("missing"), 0, 1));
        assertThrows(InvalidOffsetException.class, () -> driver.open(path("dir/f"), content.length + 1, 1));
        assertThrows(IllegalArgumentException.class, () -> driver.open(path("dir/f"), 0, -1));
    }

    @Test
    void anEmptyFileOpensWithNothingToRead() throws IOException {
        driver.putContent(path("empty"), new byte[0]);
        try (OpenedFile opened = driver.open(path("empty"), 0, 10)) {
            assertEquals(0, opened.info().size());
            assertEquals(-1, opened.content().read());
        }
    }

    // ---- writers: commit, cancel, append, resume

    @Test
    void uncommittedContentIsNotVisible() throws IOException {
        try (FileWriter writer = driver.writer(path("f"), false)) {
            writer.write(bytes(1000, 1));
            assertThrows(PathNotFoundException.class, () -> driver.stat(path("f")));
            assertThrows(PathNotFoundException.class, () -> driver.reader(path("f"), 0));
            writer.commit();
        }
        assertEquals(1000, driver.stat(path("f")).size());
    }

    @Test
    void oldContentStaysVisibleUntilTheCommit() throws IOException {
        byte[] old = bytes(300, 1);
        byte[] replacement = bytes(700, 2);
        driver.putContent(path("f"), old);
        try (FileWriter writer = driver.writer(path("f"), false)) {
            writer.write(replacement);
            assertArrayEquals(old, driver.getContent(path("f")));
            writer.commit();
        }
        assertArrayEquals(replacement, driver.getContent(path("f")));
    }

    @Test
    void closingWithoutCommitPublishesNothing() throws IOException {
        try (FileWriter writer = driver.writer(path("f"), false)) {
            writer.write(bytes(10, 1));
        }
        assertThrows(PathNotFoundException.class, () -> driver.stat(path("f")));
        assertThrows(PathNotFoundException.class, () -> driver.list(base));
    }

    @Test
    void cancelLeavesNothingBehind() throws IOException {
        FileWriter writer = driver.writer(path("dir/f"), false);
        writer.write(bytes(MiB, 1));
        writer.cancel();
        writer.close();
        assertThrows(PathNotFoundException.class, () -> driver.stat(path("dir/f")));
        assertThrows(PathNotFoundException.class, () -> driver.writer(path("dir/f"), true), "no pending content to resume");
        assertEquals(List.of(), driver.list("/"));
    }

    @Test
    void cancelKeepsWhatWasCommittedBefore() throws IOException {
        byte[] old = bytes(100, 1);
        driver.putContent(path("f"), old);
        FileWriter writer = driver.writer(path("f"), true);
        writer.write(bytes(50, 2));
        writer.cancel();
        assertArrayEquals(old, driver.getContent(path("f")));
    }

    @Test
    void appendContinuesCommittedContent() throws IOException {
        byte[] first = bytes(3 * MiB + 1, 1);
        byte[] second = bytes(MiB + 2, 2);
        driver.putContent(path("f"), first);
        try (FileWriter writer = driver.writer(path("f"), true)) {
            assertEquals(first.length, writer.size());
            writer.write(second);
            assertEquals(first.length + second.length, writer.size());
            writer.commit();
        }
        assertArrayEquals(concat(first, second), driver.getContent(path("f")));
    }

    @Test
    void closedWriterResumesWithAppend() throws IOException {
        byte[] first = bytes(2 * MiB + 3, 1);
        byte[] second = bytes(5 * 1024, 2);
        try (FileWriter writer = driver.writer(path("upload"), false)) {
            writer.write(first);
        }
        try (FileWriter writer = driver.writer(path("upload"), true)) {
            assertEquals(first.length, writer.size(), "the resumed writer's size");
            writer.write(second);
            writer.commit();
        }
        assertArrayEquals(concat(first, second), driver.getContent(path("upload")));
    }

    @Test
    void resumingManyTimesKeepsEverySize() throws IOException {
        List<byte[]> chunks = new ArrayList<>();
        long expected = 0;
        for (int i = 0; i < 6; i++) {
            byte[] chunk = bytes(1000 * (i + 1) + i, i);
            chunks.add(chunk);
            try (FileWriter writer = driver.writer(path("chunked"), i > 0)) {
                assertEquals(expected, writer.size(), "size before chunk " + i);
                writer.write(chunk);
                expected += chunk.length;
                assertEquals(expected, writer.size(), "size after chunk " + i);
                if (i == 5) {
                    writer.commit();
                }
            }
        }
        assertArrayEquals(concat(chunks.toArray(byte[][]::new)), driver.getContent(path("chunked")));
    }

    @Test
    void zeroByteWriteThenAppend() throws IOException {
        try (FileWriter writer = driver.writer(path("f"), false)) {
            writer.commit();
        }
        assertEquals(0, driver.stat(path("f")).size());
        byte[] content = bytes(4096, 3);
        try (FileWriter writer = driver.writer(path("f"), true)) {
            assertEquals(0, writer.size());
            writer.write(content);
            writer.commit();
        }
        assertArrayEquals(content, driver.getContent(path("f")));
    }

    @Test
    void appendToAMissingPathIsNotFound() {
        assertThrows(PathNotFoundException.class, () -> driver.writer(path("missing"), true));
    }

    @Test
    void aNewWriterDiscardsEarlierPendingContent() throws IOException {
        try (FileWriter writer = driver.writer(path("f"), false)) {
            writer.write(bytes(500, 1));
        }
        byte[] fresh = bytes(20, 2);
        try (FileWriter writer = driver.writer(path("f"), false)) {
            assertEquals(0, writer.size());
            writer.write(fresh);
            writer.commit();
        }
        assertArrayEquals(fresh, driver.getContent(path("f")));
    }

    @Test
    void writerRefusesWritesAfterCommitOrCancel() throws IOException {
        FileWriter committed = driver.writer(path("a"), false);
        committed.commit();
        assertThrows(IOException.class, () -> committed.write(1));
        assertThrows(IOException.class, committed::commit);
        FileWriter cancelled = driver.writer(path("b"), false);
        cancelled.cancel();
        assertThrows(IOException.class, () -> cancelled.write(new byte[3]));
        FileWriter closed = driver.writer(path("c"), false);
        closed.close();
        closed.close();
        assertThrows(IOException.class, () -> closed.write(new byte[3]));
    }

    // ---- commitTo: the pending content committed at another path

    @Test
    void commitToPublishesAtTheOtherPathOnly() throws IOException {
        byte[] content = bytes(MiB + 17, 21);
        FileInfo committed;
        try (FileWriter writer = driver.writer(path("uploads/u/data"), false)) {
            writer.write(content);
            committed = writer.commitTo(path("blobs/ab/data"));
        }
        assertArrayEquals(content, driver.getContent(path("blobs/ab/data")));
        FileInfo stat = driver.stat(path("blobs/ab/data"));
        assertEquals(path("blobs/ab/data"), committed.path());
        assertEquals(content.length, committed.size());
        assertFalse(committed.directory());
        assertEquals(stat.contentId(), committed.contentId(), "what commitTo reports is what stat says");
        assertThrows(PathNotFoundException.class, () -> driver.stat(path("uploads/u/data")));
        assertThrows(PathNotFoundException.class, () -> driver.writer(path("uploads/u/data"), true), "no pending content left");
    }

    @Test
    void commitToJoinsResumedPendingContent() throws IOException {
        byte[] first = bytes(300_001, 22);
        byte[] second = bytes(2 * MiB + 5, 23);
        try (FileWriter writer = driver.writer(path("u/data"), false)) {
            writer.write(first);
        }
        try (FileWriter writer = driver.writer(path("u/data"), true)) {
            assertEquals(first.length, writer.size());
            writer.write(second);
            writer.commitTo(path("blob"));
        }
        assertArrayEquals(concat(first, second), driver.getContent(path("blob")));
        assertThrows(PathNotFoundException.class, () -> driver.writer(path("u/data"), true), "no pending content left");
    }

    @Test
    void commitToKeepsWhatWasCommittedAtTheWritersOwnPath() throws IOException {
        byte[] old = bytes(1000, 24);
        byte[] more = bytes(77, 25);
        driver.putContent(path("own"), old);
        try (FileWriter writer = driver.writer(path("own"), true)) {
            writer.write(more);
            writer.commitTo(path("other/place"));
        }
        assertArrayEquals(old, driver.getContent(path("own")));
        assertArrayEquals(concat(old, more), driver.getContent(path("other/place")));
    }

    @Test
    void commitToReplacesAFileAndRefusesAFolder() throws IOException {
        driver.putContent(path("target"), bytes(5000, 26));
        byte[] content = bytes(10, 27);
        try (FileWriter writer = driver.writer(path("w"), false)) {
            writer.write(content);
            writer.commitTo(path("target"));
        }
        assertArrayEquals(content, driver.getContent(path("target")));
        driver.putContent(path("folder/child"), bytes(3, 28));
        FileWriter writer = driver.writer(path("w2"), false);
        writer.write(content);
        assertThrows(StorageException.class, () -> writer.commitTo(path("folder")));
        assertEquals(3, driver.stat(path("folder/child")).size());
        assertThrows(InvalidPathException.class, () -> driver.writer(path("w3"), false).commitTo("/"));
    }

    @Test
    void anEmptyWriterCommitsAnEmptyFileElsewhere() throws IOException {
        try (FileWriter writer = driver.writer(path("w"), false)) {
            writer.commitTo(path("empty"));
        }
        assertEquals(0, driver.stat(path("empty")).size());
        assertArrayEquals(new byte[0], driver.getContent(path("empty")));
    }

    // ---- readContent: reading by content identifier

    @Test
    void readContentReadsWhatStatIdentifiesOrIsUnsupported() throws IOException {
        byte[] content = bytes(MiB + 100, 29);
        driver.putContent(path("f"), content);
        Optional<String> id = driver.stat(path("f")).contentId();
        if (id.isEmpty()) {
            assertThrows(UnsupportedStorageOperationException.class, () -> driver.readContent("anything", 0, 1));
            return;
        }
        try (InputStream whole = driver.readContent(id.get(), 0, Long.MAX_VALUE)) {
            assertArrayEquals(content, whole.readAllBytes());
        }
        try (InputStream range = driver.readContent(id.get(), MiB, 50)) {
            assertArrayEquals(Arrays.copyOfRange(content, MiB, MiB + 50), range.readAllBytes());
        }
        driver.delete(path("f"));
        try (InputStream stillThere = driver.readContent(id.get(), 3, 4)) {
            assertArrayEquals(Arrays.copyOfRange(content, 3, 7), stillThere.readAllBytes(),
                    "content named by its identifier does not change; it may be read while the store keeps it");
        }
        assertThrows(IllegalArgumentException.class, () -> driver.readContent(id.get(), 0, -1));
    }

    @Test
    void commitMakesParentFolders() throws IOException {
        driver.putContent(path("a/b/c/d"), bytes(1, 1));
        assertTrue(driver.stat(path("a/b")).directory());
        assertEquals(List.of(path("a/b/c/d")), driver.list(path("a/b/c")));
    }

    // ---- stat

    @Test
    void statOfAFileReportsSizeAndModificationTime() throws IOException {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        driver.putContent(path("f"), bytes(1234, 1));
        Instant after = Instant.now().plusSeconds(1);
        FileInfo info = driver.stat(path("f"));
        assertEquals(path("f"), info.path());
        assertEquals(1234, info.size());
        assertFalse(info.directory());
        assertFalse(info.modTime().isBefore(before.minusSeconds(1)), info.modTime() + " before " + before);
        assertFalse(info.modTime().isAfter(after), info.modTime() + " after " + after);
    }

    @Test
    void statOfAFolder() throws IOException {
        driver.putContent(path("dir/f"), bytes(10, 1));
        FileInfo info = driver.stat(path("dir"));
        assertTrue(info.directory());
        assertEquals(path("dir"), info.path());
        assertEquals(0, info.size());
    }

    @Test
    void statOfAMissingPathIsNotFound() {
        assertThrows(PathNotFoundException.class, () -> driver.stat(path("missing")));
    }

    @Test
    void pathThatIsAPrefixOfAFileIsNotFound() throws IOException {
        driver.putContent(path("abc"), bytes(1, 1));
        assertThrows(PathNotFoundException.class, () -> driver.stat(path("ab")));
        assertThrows(PathNotFoundException.class, () -> driver.getContent(path("ab")));
    }

    // ---- list

    @Test
    void listReturnsDirectChildrenOnlySorted() throws IOException {
        driver.putContent(path("dir/b"), bytes(1, 1));
        driver.putContent(path("dir/a"), bytes(1, 1));
        driver.putContent(path("dir/sub/deep/file"), bytes(1, 1));
        driver.putContent(path("dir/sub/x"), bytes(1, 1));
        driver.putContent(path("dirx"), bytes(1, 1));
        assertEquals(List.of(path("dir/a"), path("dir/b"), path("dir/sub")), driver.list(path("dir")));
        assertEquals(List.of(path("dir/sub/deep"), path("dir/sub/x")), driver.list(path("dir/sub")));
    }

    @Test
    void listOfTheRootShowsTopLevelEntries() throws IOException {
        driver.putContent(path("f"), bytes(1, 1));
        assertEquals(List.of(base), driver.list("/"));
    }

    @Test
    void listOfAMissingFolderIsNotFound() {
        assertThrows(PathNotFoundException.class, () -> driver.list(path("missing")));
    }

    @Test
    void listOfAFolderWithManyEntries() throws IOException {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String path = path(String.format("many/%04d", i));
            driver.putContent(path, new byte[] {(byte) i});
            expected.add(path);
        }
        assertEquals(expected, driver.list(path("many")));
    }

    // ---- move

    @Test
    void moveRelocatesContent() throws IOException {
        byte[] content = bytes(MiB + 9, 1);
        driver.putContent(path("from"), content);
        driver.move(path("from"), path("to"));
        assertArrayEquals(content, driver.getContent(path("to")));
        assertThrows(PathNotFoundException.class, () -> driver.stat(path("from")));
    }

    @Test
    void moveReplacesTheDestination() throws IOException {
        byte[] content = bytes(10, 1);
        driver.putContent(path("from"), content);
        driver.putContent(path("to"), bytes(5000, 2));
        driver.move(path("from"), path("to"));
        assertArrayEquals(content, driver.getContent(path("to")));
        assertEquals(10, driver.stat(path("to")).size());
    }

    @Test
    void moveCreatesMissingParents() throws IOException {
        driver.putContent(path("from"), bytes(10, 1));
        driver.move(path("from"), path("x/y/z/to"));
        assertEquals(10, driver.stat(path("x/y/z/to")).size());
    }

    @Test
    void moveOfAMissingSourceIsNotFoundAndKeepsTheDestination() throws IOException {
        byte[] content = bytes(10, 1);
        driver.putContent(path("to"), content);
        assertThrows(PathNotFoundException.class, () -> driver.move(path("missing"), path("to")));
        assertArrayEquals(content, driver.getContent(path("to")));
    }

    // ---- delete

    @Test
    void deleteIsRecursive() throws IOException {
        driver.putContent(path("dir/a"), bytes(1, 1));
        driver.putContent(path("dir/sub/b"), bytes(1, 1));
        driver.putContent(path("dir/sub/deeper/c"), bytes(1, 1));
        driver.delete(path("dir"));
        assertThrows(PathNotFoundException.class, () -> driver.stat(path("dir")));
        assertThrows(PathNotFoundException.class, () -> driver.stat(path("dir/sub/deeper/c")));
    }

    @Test
    void deleteOfAFile() throws IOException {
        driver.putContent(path("f"), bytes(1, 1));
        driver.putContent(path("g"), bytes(1, 1));
        driver.delete(path("f"));
        assertThrows(PathNotFoundException.class, () -> driver.stat(path("f")));
        assertEquals(List.of(path("g")), driver.list(base));
    }

    @Test
    void deleteOfAMissingPathIsNotFound() {
        assertThrows(PathNotFoundException.class, () -> driver.delete(path("missing")));
    }

    @Test
    void deleteSparesSiblingsWithACommonPrefix() throws IOException {
        driver.putContent(path("dir/file"), bytes(1, 1));
        driver.putContent(path("dir-sibling/file"), bytes(1, 1));
        driver.putContent(path("dirx"), bytes(1, 1));
        driver.delete(path("dir"));
        assertEquals(List.of(path("dir-sibling"), path("dirx")), driver.list(base));
    }

    @Test
    void deleteDiscardsPendingContentBelow() throws IOException {
        try (FileWriter writer = driver.writer(path("uploads/one/data"), false)) {
            writer.write(bytes(100, 1));
        }
        driver.putContent(path("uploads/one/startedat"), bytes(8, 1));
        driver.delete(path("uploads"));
        assertThrows(PathNotFoundException.class, () -> driver.writer(path("uploads/one/data"), true));
    }

    @Test
    void deleteOfAFolderHoldingOnlyPendingContentSucceeds() throws IOException {
        try (FileWriter writer = driver.writer(path("uploads/two/data"), false)) {
            writer.write(bytes(10, 1));
        }
        driver.delete(path("uploads/two"));
        assertThrows(PathNotFoundException.class, () -> driver.writer(path("uploads/two/data"), true));
        assertThrows(PathNotFoundException.class, () -> driver.delete(path("uploads/two")), "a second delete finds nothing");
    }

    // ---- walk

    @Test
    void walkVisitsEverythingBelowInOrder() throws IOException {
        driver.putContent(path("w/b"), bytes(2, 1));
        driver.putContent(path("w/a/x"), bytes(3, 1));
        driver.putContent(path("w/a/y/z"), bytes(4, 1));
        List<String> seen = new ArrayList<>();
        driver.walk(path("w"), info -> {
            seen.add(info.path() + (info.directory() ? "/" : ":" + info.size()));
            return WalkControl.CONTINUE;
        });
        assertEquals(List.of(path("w/a") + "/", path("w/a/x") + ":3", path("w/a/y") + "/", path("w/a/y/z") + ":4",
                path("w/b") + ":2"), seen);
    }

    @Test
    void walkCanSkipAFolderOrStop() throws IOException {
        driver.putContent(path("w/a/x"), bytes(1, 1));
        driver.putContent(path("w/b/y"), bytes(1, 1));
        driver.putContent(path("w/c/z"), bytes(1, 1));
        List<String> seen = new ArrayList<>();
        driver.walk(path("w"), info -> {
            seen.add(info.path());
            if (info.path().equals(path("w/a"))) {
                return WalkControl.SKIP_CHILDREN;
            }
            return info.path().equals(path("w/b/y")) ? WalkControl.STOP : WalkControl.CONTINUE;
        });
        assertEquals(List.of(path("w/a"), path("w/b"), path("w/b/y")), seen);
    }

    @Test
    void walkSkipsFoldersDeletedWhileItRuns() throws IOException {
        driver.putContent(path("w/a/x"), bytes(1, 1));
        driver.putContent(path("w/b/y"), bytes(1, 1));
        driver.putContent(path("w/c/z"), bytes(1, 1));
        List<String> seen = new ArrayList<>();
        driver.walk(path("w"), info -> {
            seen.add(info.path());
            if (info.path().equals(path("w/a"))) {
                // as another request might: the folder being entered and a later sibling go away
                driver.delete(path("w/a"));
                driver.delete(path("w/b"));
            }
            return WalkControl.CONTINUE;
        });
        assertEquals(path("w/a"), seen.getFirst());
        assertTrue(seen.contains(path("w/c/z")), "the walk went on past the deleted folders: " + seen);
        assertFalse(seen.contains(path("w/a/x")) || seen.contains(path("w/b/y")), "nothing below a deleted folder: " + seen);
    }

    @Test
    void walkOfAMissingFolderIsNotFound() {
        assertThrows(PathNotFoundException.class, () -> driver.walk(path("missing"), info -> WalkControl.CONTINUE));
    }

    // ---- redirects

    @Test
    void redirectIsAbsentOrAnAbsoluteHttpUrl() throws IOException {
        driver.putContent(path("f"), bytes(1, 1));
        Optional<URI> url = driver.redirectUrl(path("f"));
        url.ifPresent(u -> {
            assertTrue(u.isAbsolute(), u.toString());
            assertTrue(u.getScheme().startsWith("http"), u.toString());
        });
    }

    // ---- concurrency

    @Test
    void concurrentReadersSeeTheSameContent() throws Exception {
        byte[] content = bytes(4 * MiB + 1, 9);
        driver.putContent(path("shared"), content);
        List<Callable<byte[]>> readers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            long offset = i * 100_000L;
            readers.add(() -> {
                try (InputStream in = driver.reader(path("shared"), offset)) {
                    return in.readAllBytes();
                }
            });
        }
        List<byte[]> results = runAll(readers);
        for (int i = 0; i < results.size(); i++) {
            assertArrayEquals(Arrays.copyOfRange(content, i * 100_000, content.length), results.get(i));
        }
    }

    @Test
    void concurrentWritersToDifferentPathsDoNotInterfere() throws Exception {
        List<Callable<byte[]>> writers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int n = i;
            writers.add(() -> {
                byte[] content = bytes(MiB / 2 + n, n);
                try (FileWriter writer = driver.writer(path("parallel/" + n), false)) {
                    for (int off = 0; off < content.length; off += 8192) {
                        writer.write(content, off, Math.min(8192, content.length - off));
                    }
                    writer.commit();
                }
                return content;
            });
        }
        List<byte[]> written = runAll(writers);
        for (int i = 0; i < written.size(); i++) {
            assertArrayEquals(written.get(i), driver.getContent(path("parallel/" + i)));
        }
        assertEquals(8, driver.list(path("parallel")).size());
    }

    @Test
    void readersKeepSeeingOneWholeVersionWhileItIsReplaced() throws Exception {
        byte[] first = bytes(2 * MiB, 1);
        byte[] second = bytes(2 * MiB, 2);
        driver.putContent(path("v"), first);
        List<Callable<byte[]>> tasks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            tasks.add(() -> driver.getContent(path("v")));
        }
        tasks.add(() -> {
            driver.putContent(path("v"), second);
            return second;
        });
        for (byte[] seen : runAll(tasks)) {
            if (!java.util.Arrays.equals(seen, first) && !java.util.Arrays.equals(seen, second)) {
                fail("a reader saw a mix of two versions");
            }
        }
        assertArrayEquals(second, driver.getContent(path("v")));
    }

    // ---- helpers

    /** A path below this test's own folder. */
    protected String path(String relative) {
        return base + "/" + relative;
    }

    /** Deterministic pseudo-random bytes. */
    protected static byte[] bytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        int size = 0;
        for (byte[] part : parts) {
            size += part.length;
        }
        byte[] all = new byte[size];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> List<T> runAll(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<T> results = new ArrayList<>();
            for (Future<T> future : pool.invokeAll(tasks)) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
