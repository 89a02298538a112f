package dev.berth.storage;

/** The backend answered, but the operation failed for a reason none of the other types names. */
public final class StorageFailureException extends StorageException {
    public StorageFailureException(String driverName, String path, String message, Throwable cause) {
        super(driverName, path, message, cause);
    }
}
