package dev.berth.registry.uploads;

import dev.berth.registry.naming.RepositoryName;

/** How an upload is addressed on the wire: its URL and the Range header that reports its progress. */
public final class UploadLocations {
    private UploadLocations() {
    }

    public static String of(RepositoryName repository, UploadId id) {
        return "/v2/" + repository + "/blobs/uploads/" + id.value();
    }

    /** {@code 0-<last byte>}; an empty upload reports {@code 0-0}, as CNCF distribution does and clients expect. */
    public static String range(long size) {
        return "0-" + Math.max(0, size - 1);
    }
}
