package dev.berth.registry.http;

/** How an upload is addressed on the wire: its URL and the Range header that reports its progress. */
final class UploadLocations {
    private UploadLocations() {
    }

    static String of(String repository, String upload) {
        return "/v2/" + repository + "/blobs/uploads/" + upload;
    }

    /** {@code 0-<last byte>}; an empty upload reports {@code 0-0}, as CNCF distribution does and clients expect. */
    static String range(long size) {
        return "0-" + Math.max(0, size - 1);
    }
}
