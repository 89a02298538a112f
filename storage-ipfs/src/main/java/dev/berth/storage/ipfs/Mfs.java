package dev.berth.storage.ipfs;

import dev.berth.storage.StorageFailureException;
import dev.berth.storage.ipfs.kubo.FilesCommands.Stat;
import dev.berth.storage.ipfs.kubo.ImportOptions;
import dev.berth.storage.ipfs.kubo.KuboClient;
import dev.berth.storage.ipfs.kubo.KuboException;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The MFS steps the driver and its published tree share, and the one lock their changes take.
 * Changes to MFS folders (mkdir, mv, rm, cp) that ran at the same time, into the same folder, lost
 * a committed file now and then on Kubo 0.43.1 (the contract's concurrent writers showed it), so
 * they run one at a time; each takes milliseconds, and uploads still run in parallel. The lock is
 * reentrant: a change made of several steps holds it throughout.
 */
final class Mfs {
    private final KuboClient kubo;
    private final ImportOptions options;
    private final ReentrantLock changes = new ReentrantLock();

    /** A change to the tree. */
    interface Change {
        void run() throws IOException;
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
    void change(Change change) throws IOException {
        changes.lock();
        try {
            change.run();
        } finally {
            changes.unlock();
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

    /** Removes a file or folder; false when nothing was there. */
    boolean removeIfPresent(String mfsPath) throws IOException {
        try {
            change(() -> kubo.files().rm(mfsPath));
            return true;
        } catch (KuboException e) {
            if (e.isPathNotFound()) {
                return false;
            }
            throw e;
        }
    }

    /** Makes a folder and its parents; nothing when it exists. */
    void mkdirs(String mfsFolder) throws IOException {
        change(() -> kubo.files().mkdirs(mfsFolder, options));
    }

    /** {@code files/mv} onto a folder would move into it, so a folder at the target is refused first. */
    void refuseFolderAt(String path, String target) throws IOException {
        Optional<Stat> existing = statIfPresent(target);
        if (existing.isPresent() && existing.get().isDirectory()) {
            throw new StorageFailureException(IpfsStorageDriver.NAME, path, "a folder is in the way", null);
        }
    }
}
