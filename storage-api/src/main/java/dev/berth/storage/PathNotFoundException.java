package dev.berth.storage;

/** Nothing is stored at the path (for a writer opened to append: no committed and no pending content). */
public final class PathNotFoundException extends StorageException {
    public PathNotFoundException(String driverName, String path) {
        this(driverName, path, null);
    }

    public PathNotFoundException(String driverName, String path, Throwable cause) {
        super(driverName, path, "path not found", cause);
    }
}
