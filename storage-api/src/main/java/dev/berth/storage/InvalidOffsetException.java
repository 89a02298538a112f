package dev.berth.storage;

/** A read was asked to start before the first byte or after the last. */
public final class InvalidOffsetException extends StorageException {
    private final long offset;

    public InvalidOffsetException(String driverName, String path, long offset) {
        super(driverName, path, "invalid offset " + offset, null);
        this.offset = offset;
    }

    public long offset() {
        return offset;
    }
}
