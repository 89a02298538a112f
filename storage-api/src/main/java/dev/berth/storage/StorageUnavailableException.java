package dev.berth.storage;

/**
 * The backend could not be reached or did not answer in time. Worth retrying later; nothing was
 * changed that a caller can see.
 */
public final class StorageUnavailableException extends StorageException {
    public StorageUnavailableException(String driverName, String path, String message, Throwable cause) {
        super(driverName, path, "storage unavailable (" + message + ")", cause);
    }
}
