package dev.berth.storage.filesystem;

import dev.berth.storage.FileInfo;
import dev.berth.storage.FileWriter;
import dev.berth.storage.InvalidOffsetException;
import dev.berth.storage.OpenedFile;
import dev.berth.storage.PathNotFoundException;
import dev.berth.storage.StorageDriver;
import dev.berth.storage.StorageFailureException;
import dev.berth.storage.StoragePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;

/**
 * Stores files below a root folder of the local filesystem.
 *
 * <p>Layout: the file at storage path {@code /a/b} is {@code <root>/a/b}. Pending (uncommitted)
 * content for it is {@code <root>/~partial/a/b}; {@code ~} cannot occur in a storage path, so that
 * folder never collides with stored content and is hidden from list, stat and walk. A commit
 * fsyncs the pending file, renames it over the target atomically and fsyncs the target's folder:
 * a reader, or a restart after a crash, sees either the old content or all of the new, never part.
 */
public final class FilesystemDriver implements StorageDriver {
    public static final String NAME = "filesystem";
    static final String PARTIAL = "~partial";

    private final Path root;
    private final Path partialRoot;

    public FilesystemDriver(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.partialRoot = this.root.resolve(PARTIAL);
        try {
            Files.createDirectories(partialRoot);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the storage folder " + this.root, e);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The folder this driver stores below. */
    public Path root() {
        return root;
    }

    @Override
    public InputStream reader(String path, long offset) throws IOException {
        return reader(path, offset, Long.MAX_VALUE);
    }

    @Override
    public InputStream reader(String path, long offset, long length) throws IOException {
        return open(path, offset, length).content();
    }

    /**
     * Reads the file through one open channel, so a commit that renames new content over it does
     * not change what is read; the size is the channel's.
     */
    @Override
    public OpenedFile open(String path, long offset, long length) throws IOException {
        StorageDriver.checkLength(length);
        Path file = local(path);
        FileChannel channel;
        try {
            if (Files.isDirectory(file)) {
                throw new PathNotFoundException(NAME, path);
            }
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException | NotDirectoryException e) {
            throw new PathNotFoundException(NAME, path, e);
        }
        try {
            long size = channel.size();
            if (offset < 0 || offset > size) {
                throw new InvalidOffsetException(NAME, path, offset);
            }
            long end = length > size - offset ? size : offset + length;
            FileInfo info = FileInfo.file(path, size, Files.getLastModifiedTime(file).toInstant());
            return new OpenedFile(info, new ChannelRangeStream(channel, offset, end));
        } catch (NoSuchFileException deletedSinceOpened) {
            channel.close();
            throw new PathNotFoundException(NAME, path, deletedSinceOpened);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public FileWriter writer(String path, boolean append) throws IOException {
        Path pendingFile = pending(path);
        if (append && !Files.exists(pendingFile)) {
            Path committed = local(path);
            if (!Files.isRegularFile(committed)) {
                throw new PathNotFoundException(NAME, path); // before making any folder: a failed resume leaves nothing
            }
            Files.createDirectories(pendingFile.getParent());
            Files.copy(committed, pendingFile, StandardCopyOption.REPLACE_EXISTING);
        }
        return new Writer(path, pendingFile, PendingFiles.open(pendingFile, append));
    }

    @Override
    public FileInfo stat(String path) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(local(path), BasicFileAttributes.class);
            return attributes.isDirectory()
                    ? FileInfo.directory(path, attributes.lastModifiedTime().toInstant())
                    : FileInfo.file(path, attributes.size(), attributes.lastModifiedTime().toInstant());
        } catch (NoSuchFileException | NotDirectoryException e) {
            throw new PathNotFoundException(NAME, path, e);
        }
    }

    @Override
    public List<String> list(String path) throws IOException {
        StoragePath folder = StoragePath.of(path);
        try (Stream<Path> children = Files.list(local(path))) {
            return children.map(child -> child.getFileName().toString())
                    .filter(name -> StoragePath.problemWith("/" + name) == null)
                    .sorted()
                    .map(name -> folder.child(name).value())
                    .toList();
        } catch (NoSuchFileException | NotDirectoryException e) {
            throw new PathNotFoundException(NAME, path, e);
        }
    }

    @Override
    public void move(String sourcePath, String destPath) throws IOException {
        Path source = local(sourcePath);
        if (!Files.exists(source)) {
            throw new PathNotFoundException(NAME, sourcePath);
        }
        Path dest = local(destPath);
        if (Files.isDirectory(dest)) {
            throw new StorageFailureException(NAME, destPath, "a folder is in the way", null);
        }
        Files.createDirectories(dest.getParent());
        try {
            Files.move(source, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException e) {
            throw new PathNotFoundException(NAME, sourcePath, e);
        }
        syncFolder(dest.getParent());
    }

    @Override
    public void delete(String path) throws IOException {
        boolean pendingFound = deleteTree(pending(path));
        if (!deleteTree(local(path)) && !pendingFound) {
            throw new PathNotFoundException(NAME, path);
        }
    }

    private Path local(String path) {
        StoragePath checked = StoragePath.of(path);
        return checked.isRoot() ? root : root.resolve(checked.value().substring(1));
    }

    private Path pending(String path) {
        return partialRoot.resolve(StoragePath.of(path).value().substring(1));
    }

    /** Deletes a file or a folder tree; false when there was nothing to delete. */
    private static boolean deleteTree(Path top) throws IOException {
        if (!Files.exists(top)) {
            return false;
        }
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException error) throws IOException {
                if (error != null) {
                    throw error;
                }
                try {
                    Files.deleteIfExists(dir);
                } catch (DirectoryNotEmptyException writtenMeanwhile) {
                    // A concurrent writer put something here; it keeps its folder.
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return true;
    }

    private static void syncFolder(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private final class Writer extends FileWriter {
        private final String path;
        private final Path pendingFile;
        private final FileChannel channel;
        private long size;
        private boolean closed;

        Writer(String path, Path pendingFile, FileChannel channel) throws IOException {
            this.path = path;
            this.pendingFile = pendingFile;
            this.channel = channel;
            this.size = channel.size();
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            ensureOpen();
            ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
            while (buffer.hasRemaining()) {
                size += channel.write(buffer);
            }
        }

        @Override
        public void commit() throws IOException {
            commitTo(path);
        }

        /** Fsyncs the pending file and renames it over the target atomically, then fsyncs the target's folder. */
        @Override
        public FileInfo commitTo(String otherPath) throws IOException {
            ensureOpen();
            closed = true;
            try (channel) {
                channel.force(true);
            }
            Path target = local(otherPath);
            if (Files.isDirectory(target)) {
                throw new StorageFailureException(NAME, otherPath, "a folder is in the way", null);
            }
            Files.createDirectories(target.getParent());
            Files.move(pendingFile, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncFolder(target.getParent());
            PendingFiles.pruneEmptyFolders(pendingFile, partialRoot);
            return FileInfo.file(otherPath, size, Files.getLastModifiedTime(target).toInstant());
        }

        @Override
        public void cancel() throws IOException {
            ensureOpen();
            closed = true;
            channel.close();
            Files.deleteIfExists(pendingFile);
            PendingFiles.pruneEmptyFolders(pendingFile, partialRoot);
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                channel.close();
            }
        }

        private void ensureOpen() throws IOException {
            if (closed) {
                throw new IOException("writer for " + path + " is closed");
            }
        }
    }
}
