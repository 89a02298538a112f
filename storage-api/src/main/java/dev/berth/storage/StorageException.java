package dev.berth.storage;

import java.io.IOException;

/**
 * Every failure a {@link StorageDriver} reports. The subtypes are closed so that callers (the
 * registry's error mapping above all) can switch over them exhaustively.
 */
public sealed abstract class StorageException extends IOException
        permits PathNotFoundException, InvalidPathException, InvalidOffsetException,
                UnsupportedStorageOperationException, StorageUnavailableException, StorageFailureException {

    private final String driverName;
    private final String path;

    protected StorageException(String driverName, String path, String message, Throwable cause) {
        super(driverName + ": " + message + (path == null ? "" : ": " + path), cause);
        this.driverName = driverName;
        this.path = path;
    }

    /** The name of the driver that failed. */
    public String driverName() {
        return driverName;
    }

    /** The storage path the operation was about, or {@code null}. */
    public String path() {
        return path;
    }
}
