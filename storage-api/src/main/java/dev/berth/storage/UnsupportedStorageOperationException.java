package dev.berth.storage;

/** The driver does not offer this operation (for instance a redirect, or moving a directory). */
public final class UnsupportedStorageOperationException extends StorageException {
    public UnsupportedStorageOperationException(String driverName, String path, String operation) {
        super(driverName, path, "unsupported operation " + operation, null);
    }
}
