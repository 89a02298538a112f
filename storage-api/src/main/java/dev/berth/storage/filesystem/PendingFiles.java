package dev.berth.storage.filesystem;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The pending files of {@link FilesystemDriver}: opened with their folders made, and leaving no empty
 * folder behind once committed or cancelled (a registry writes each upload under a folder of its own).
 */
final class PendingFiles {
    private PendingFiles() {
    }

    /** Opens the pending file, making its folders; again if another writer's clean-up took an empty folder meanwhile. */
    static FileChannel open(Path pendingFile, boolean append) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                // Inside the try: another writer's clean-up can take a folder between two of the ones made here.
                Files.createDirectories(pendingFile.getParent());
                return append
                        ? FileChannel.open(pendingFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)
                        : FileChannel.open(pendingFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            } catch (NoSuchFileException folderTakenMeanwhile) {
                if (attempt == 5) {
                    throw folderTakenMeanwhile;
                }
            }
        }
    }

    /** Removes the pending file's folders that are empty now, up to {@code pendingRoot}. */
    static void pruneEmptyFolders(Path pendingFile, Path pendingRoot) {
        for (Path folder = pendingFile.getParent(); folder != null && !folder.equals(pendingRoot); folder = folder.getParent()) {
            try {
                Files.delete(folder);
            } catch (IOException notEmptyOrGone) {
                return;
            }
        }
    }
}
