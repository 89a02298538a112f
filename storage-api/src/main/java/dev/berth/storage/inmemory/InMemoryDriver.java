package dev.berth.storage.inmemory;

import dev.berth.storage.FileInfo;
import dev.berth.storage.FileWriter;
import dev.berth.storage.InvalidOffsetException;
import dev.berth.storage.OpenedFile;
import dev.berth.storage.PathNotFoundException;
import dev.berth.storage.StorageDriver;
import dev.berth.storage.StorageFailureException;
import dev.berth.storage.StoragePath;
import dev.berth.storage.inmemory.Chunks.Buffer;
import dev.berth.storage.inmemory.Chunks.Content;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Keeps everything in the heap: for tests and for trying Berth out. Folders are implied by the
 * files below them. Structural changes take one lock; reads and writes of content do not.
 */
public final class InMemoryDriver implements StorageDriver {
    public static final String NAME = "inmemory";

    private final ConcurrentSkipListMap<String, Content> files = new ConcurrentSkipListMap<>();
    private final ConcurrentHashMap<String, Buffer> pending = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private final Clock clock;

    public InMemoryDriver() {
        this(Clock.systemUTC());
    }

    InMemoryDriver(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public InputStream reader(String path, long offset) throws IOException {
        return reader(path, offset, Long.MAX_VALUE);
    }

    @Override
    public InputStream reader(String path, long offset, long length) throws IOException {
        return open(path, offset, length).content();
    }

    /** Reads the committed content as it is now: a later commit replaces it, not the bytes read. */
    @Override
    public OpenedFile open(String path, long offset, long length) throws IOException {
        StorageDriver.checkLength(length);
        Content content = file(path);
        if (offset < 0 || offset > content.size()) {
            throw new InvalidOffsetException(NAME, path, offset);
        }
        long end = length > content.size() - offset ? content.size() : offset + length;
        return new OpenedFile(FileInfo.file(path, content.size(), content.modTime()), content.range(offset, end));
    }

    @Override
    public FileWriter writer(String path, boolean append) throws IOException {
        Buffer buffer;
        synchronized (lock) {
            if (append) {
                buffer = pending.get(path);
                if (buffer == null) {
                    buffer = Buffer.copyOf(file(path));
                }
            } else {
                buffer = new Buffer();
            }
            pending.put(path, buffer);
        }
        return new Writer(path, buffer);
    }

    @Override
    public FileInfo stat(String path) throws IOException {
        Content content = files.get(path);
        if (content != null) {
            return FileInfo.file(path, content.size(), content.modTime());
        }
        NavigableMap<String, Content> below = below(path);
        if (below.isEmpty() && !StoragePath.of(path).isRoot()) {
            throw new PathNotFoundException(NAME, path);
        }
        Instant latest = below.values().stream().map(Content::modTime).max(Instant::compareTo).orElse(Instant.EPOCH);
        return FileInfo.directory(path, latest);
    }

    @Override
    public List<String> list(String path) throws IOException {
        StoragePath folder = StoragePath.of(path);
        NavigableMap<String, Content> below = below(path);
        if (below.isEmpty()) {
            if (folder.isRoot()) {
                return List.of();
            }
            throw new PathNotFoundException(NAME, path);
        }
        int depth = folder.segments().size();
        TreeSet<String> children = new TreeSet<>();
        for (String file : below.keySet()) {
            children.add(folder.child(StoragePath.of(file).segments().get(depth)).value());
        }
        return new ArrayList<>(children);
    }

    @Override
    public void move(String sourcePath, String destPath) throws IOException {
        synchronized (lock) {
            Content content = file(sourcePath);
            checkPlaceable(destPath);
            files.remove(sourcePath);
            files.put(destPath, content);
        }
    }

    @Override
    public void delete(String path) throws IOException {
        synchronized (lock) {
            boolean found = files.remove(path) != null;
            NavigableMap<String, Content> below = below(path);
            found |= !below.isEmpty();
            below.clear();
            StoragePath target = StoragePath.of(path);
            found |= pending.keySet().removeIf(p -> target.contains(StoragePath.of(p)));
            if (!found) {
                throw new PathNotFoundException(NAME, path);
            }
        }
    }

    private Content file(String path) throws PathNotFoundException {
        Content content = files.get(path);
        if (content == null) {
            throw new PathNotFoundException(NAME, path);
        }
        return content;
    }

    private NavigableMap<String, Content> below(String path) {
        String prefix = StoragePath.of(path).isRoot() ? "/" : path + "/";
        // '0' is the character after '/', so this range is exactly the paths starting with prefix.
        return files.subMap(prefix, true, prefix.substring(0, prefix.length() - 1) + "0", false);
    }

    /** A file may not sit where a folder is, nor below a file. */
    private void checkPlaceable(String path) throws StorageFailureException {
        if (!below(path).isEmpty()) {
            throw new StorageFailureException(NAME, path, "a folder is in the way", null);
        }
        for (StoragePath p = StoragePath.of(path).parent(); !p.isRoot(); p = p.parent()) {
            if (files.containsKey(p.value())) {
                throw new StorageFailureException(NAME, path, "a parent is a file", null);
            }
        }
    }

    private final class Writer extends FileWriter {
        private final String path;
        private final Buffer buffer;
        private boolean closed;

        Writer(String path, Buffer buffer) {
            this.path = path;
            this.buffer = buffer;
        }

        @Override
        public long size() {
            return buffer.size();
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            ensureOpen();
            java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
            buffer.append(bytes, offset, length);
        }

        @Override
        public void commit() throws IOException {
            commitTo(path);
        }

        @Override
        public FileInfo commitTo(String otherPath) throws IOException {
            ensureOpen();
            Content content = buffer.toContent(clock.instant());
            synchronized (lock) {
                checkPlaceable(otherPath);
                files.put(otherPath, content);
                pending.remove(path, buffer);
            }
            closed = true;
            return FileInfo.file(otherPath, content.size(), content.modTime());
        }

        @Override
        public void cancel() throws IOException {
            ensureOpen();
            pending.remove(path, buffer);
            closed = true;
        }

        @Override
        public void close() {
            closed = true;
        }

        private void ensureOpen() throws IOException {
            if (closed) {
                throw new IOException("writer for " + path + " is closed");
            }
        }
    }
}
