package dev.berth.storage;

/** The path is not a valid storage path, or not valid for this operation (see {@link StoragePath}). */
public final class InvalidPathException extends StorageException {
    public InvalidPathException(String driverName, String path, String reason) {
        super(driverName, path, "invalid path (" + reason + ")", null);
    }
}
