package dev.berth.storage;

import dev.berth.storage.StorageDriver.Visitor;
import dev.berth.storage.StorageDriver.WalkControl;
import java.io.IOException;

/** The default walk, built from list and stat. */
final class Walks {
    private Walks() {}

    static void walk(StorageDriver driver, String path, Visitor visitor) throws IOException {
        visitChildren(driver, path, visitor);
    }

    private static boolean visitChildren(StorageDriver driver, String path, Visitor visitor) throws IOException {
        for (String child : driver.list(path)) {
            FileInfo info;
            try {
                info = driver.stat(child);
            } catch (PathNotFoundException deletedMeanwhile) {
                continue;
            }
            WalkControl control = visitor.visit(info);
            if (control == WalkControl.STOP) {
                return false;
            }
            if (info.directory() && control == WalkControl.CONTINUE) {
                try {
                    if (!visitChildren(driver, child, visitor)) {
                        return false;
                    }
                } catch (PathNotFoundException deletedMeanwhile) {
                    // Gone since it was listed (another request deleted it): nothing below it to visit.
                }
            }
        }
        return true;
    }
}
