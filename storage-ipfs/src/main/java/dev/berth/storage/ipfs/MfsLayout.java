package dev.berth.storage.ipfs;

import dev.berth.storage.StoragePath;

/**
 * Where storage paths live in MFS. The file at {@code /a/b} is {@code <root>/a/b}; its pending
 * (uncommitted) content is {@code <root>.partial/a/b}, a sibling folder, so that the root's CID
 * covers committed content only and list, stat and walk never see uploads in progress.
 *
 * @param root the MFS folder of committed content, such as {@code /berth}
 */
record MfsLayout(String root) {
    static final String PARTIAL_SUFFIX = ".partial";

    MfsLayout {
        if (root == null || root.equals("/") || StoragePath.problemWith(root) != null) {
            throw new IllegalArgumentException("the MFS root must be a folder below / such as /berth, not " + root);
        }
    }

    String committed(String path) {
        return path.equals("/") ? root : root + path;
    }

    String pending(String path) {
        return path.equals("/") ? root + PARTIAL_SUFFIX : root + PARTIAL_SUFFIX + path;
    }

    /** The MFS folder holding an MFS path. */
    static String parent(String mfsPath) {
        int slash = mfsPath.lastIndexOf('/');
        return slash == 0 ? "/" : mfsPath.substring(0, slash);
    }
}
