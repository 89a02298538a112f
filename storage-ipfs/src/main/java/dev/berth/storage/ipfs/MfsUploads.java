package dev.berth.storage.ipfs;

import dev.berth.storage.FileWriter;
import dev.berth.storage.PathNotFoundException;
import dev.berth.storage.ipfs.kubo.FilesCommands.Stat;
import dev.berth.storage.ipfs.kubo.ImportOptions;
import dev.berth.storage.ipfs.kubo.KuboClient;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The driver's writes: writers that stream into pending files ({@link MfsLayout#pending}), commits
 * that move a pending file into place, and links of existing content, which are staged the same way.
 */
final class MfsUploads implements AutoCloseable {
    private final Mfs mfs;
    private final KuboClient kubo;
    private final ImportOptions options;
    private final MfsLayout layout;
    private final ExecutorService uploads = Executors.newVirtualThreadPerTaskExecutor();

    MfsUploads(Mfs mfs, MfsLayout layout) {
        this.mfs = mfs;
        this.kubo = mfs.kubo();
        this.options = mfs.options();
        this.layout = layout;
    }

    /** See {@link dev.berth.storage.StorageDriver#writer}. */
    FileWriter writer(String path, boolean append) throws IOException {
        String pending = layout.pending(path);
        if (!append) {
            return freshWriter(path, pending);
        }
        Optional<Stat> resumed = mfs.statIfPresent(pending);
        if (resumed.isEmpty()) {
            Stat committed = mfs.statIfPresent(layout.committed(path))
                    .filter(stat -> !stat.isDirectory())
                    .orElseThrow(() -> new PathNotFoundException(IpfsStorageDriver.NAME, path));
            // A copy in O(1): MFS links the same blocks; appends then change only the copy.
            mfs.mkdirs(MfsLayout.parent(pending));
            mfs.change(() -> kubo.files().cp("/ipfs/" + committed.hash(), pending));
            resumed = Optional.of(committed);
        }
        long size = resumed.get().size();
        if (size == 0) {
            // An upload opened empty and then fed its first chunk, the way most clients push: a
            // one-piece import, faster than files/write and free of the race below.
            return freshWriter(path, pending);
        }
        // Kubo's MFS can lose a files/write to a file when other changes to the tree run at the
        // same time (seen as a committed upload holding only its first chunk), so an append to
        // existing content holds the tree lock while it streams.
        return newWriter(path, size,
                content -> mfs.change(() -> kubo.files().write(pending, size, false, content, options)), false);
    }

    /**
     * Links {@code /ipfs/<cid>} at the path with {@code files/cp}, staged as pending content and then
     * moved into place like any commit.
     */
    void link(String contentId, String path) throws IOException {
        String pending = layout.pending(path);
        mfs.removeIfPresent(pending);
        mfs.mkdirs(MfsLayout.parent(pending));
        mfs.change(() -> kubo.files().cp("/ipfs/" + contentId, pending));
        publish(path);
    }

    /** Stops pending upload threads. */
    @Override
    public void close() {
        uploads.shutdownNow();
    }

    private FileWriter freshWriter(String path, String pending) throws IOException {
        mfs.removeIfPresent(pending);
        mfs.mkdirs(MfsLayout.parent(pending));
        return newWriter(path, 0, content -> kubo.add().addToFiles(content, pending, options), true);
    }

    private FileWriter newWriter(String path, long size, IpfsFileWriter.Upload upload, boolean uploadEvenIfEmpty) {
        return new IpfsFileWriter(path, size, upload, uploadEvenIfEmpty, () -> publish(path),
                () -> mfs.removeIfPresent(layout.pending(path)), uploads, kubo.timeout());
    }

    /** Moves the pending file into place; {@code files/mv} replaces a file there in one step. */
    private void publish(String path) throws IOException {
        String target = layout.committed(path);
        mfs.refuseFolderAt(path, target);
        mfs.mkdirs(MfsLayout.parent(target));
        mfs.change(() -> kubo.files().mv(layout.pending(path), target));
    }
}
