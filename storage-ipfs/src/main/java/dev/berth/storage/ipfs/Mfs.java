package dev.berth.storage.ipfs;

import dev.berth.storage.StorageFailureException;
import dev.berth.storage.ipfs.kubo.FilesCommands.Stat;
import dev.berth.storage.ipfs.kubo.ImportOptions;
import dev.berth.storage.ipfs.kubo.KuboClient;
import dev.berth.storage.ipfs.kubo.KuboException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The MFS steps the driver and its published tree share, and the one lock their changes take.
 *
 * <p>Kubo 0.43.1 loses changes to MFS that run at the same time (a change flushed later can publish
 * an older root: boxo's republisher keeps whichever update it sees last), so every change to the
 * tree (cp, mv, rm, mkdir, write, flush) runs under this lock, one at a time. Each change is one
 * call of a few milliseconds: content is imported beforehand with {@code add}, outside the lock and
 * pinned, then linked in place with one {@code files/cp --parents --force}. Reads never take the
 * lock. The lock is fair, so a steady stream of background changes cannot starve a push's.
 */
final class Mfs {
    private final KuboClient kubo;
    private final ImportOptions options;
    private final ReentrantLock changes = new ReentrantLock(true);

    /** A change to the tree. */
    interface Change<T> {
        T run() throws IOException;
    }

    Mfs(KuboClient kubo, ImportOptions options) {
        this.kubo = kubo;
        this.options = options;
    }

    KuboClient kubo() {
        return kubo;
    }

    ImportOptions options() {
        return options;
    }

    /** Runs a change under the lock. */
    <T> T change(Change<T> change) throws IOException {
        changes.lock();
        try {
            return change.run();
        } finally {
            changes.unlock();
        }
    }

    /**
     * Links content at an MFS path in one call: folders made, a file there replaced, a folder there
     * refused ({@code a folder is in the way}). {@code source} is {@code /ipfs/<cid>} or an MFS path.
     */
    void link(String source, String target, String storagePath) throws IOException {
        try {
            change(() -> {
                kubo.files().link(source, target);
                return null;
            });
        } catch (KuboException e) {
            if (e.kuboMessage().contains("not a file")) {
                throw new StorageFailureException(IpfsStorageDriver.NAME, storagePath, "a folder is in the way", e);
            }
            throw e;
        }
    }

    /** What {@code files/stat} says of an MFS path; empty when nothing is there. */
    Optional<Stat> statIfPresent(String mfsPath) throws IOException {
        try {
            return Optional.of(kubo.files().stat(mfsPath));
        } catch (KuboException e) {
            if (e.isPathNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Removes files or folders in one call; the paths that were not there. */
    List<String> removeAll(List<String> mfsPaths) throws IOException {
        return change(() -> kubo.files().removeAll(mfsPaths));
    }

    /** Removes a file or folder; false when nothing was there. */
    boolean removeIfPresent(String mfsPath) throws IOException {
        return removeAll(List.of(mfsPath)).isEmpty();
    }

    /** Removes a file or folder, whether or not it is there, in one call. */
    void discard(String mfsPath) throws IOException {
        change(() -> {
            kubo.files().removeIfPresent(mfsPath);
            return null;
        });
    }

    /** Makes a folder and its parents (with this driver's CID settings); nothing when it exists. */
    void mkdirs(String mfsFolder) throws IOException {
        change(() -> {
            kubo.files().mkdirs(mfsFolder, options);
            return null;
        });
    }

    /** Writes pending changes below the folder to the blockstore and returns its CID. */
    String flush(String mfsPath) throws IOException {
        return change(() -> kubo.files().flush(mfsPath));
    }
}
