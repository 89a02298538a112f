package dev.berth.storage.ipfs;

import dev.berth.storage.PathNotFoundException;
import dev.berth.storage.StorageException;
import dev.berth.storage.StorageFailureException;
import dev.berth.storage.StorageUnavailableException;
import dev.berth.storage.ipfs.kubo.KuboException;
import dev.berth.storage.ipfs.kubo.KuboUnavailableException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;

/** Kubo's failures in the SPI's terms, naming the driver that met them. */
final class Failures {
    private Failures() {}

    /** A failure of the MFS driver, {@link IpfsStorageDriver#NAME}. */
    static StorageException of(String path, IOException e) {
        return of(IpfsStorageDriver.NAME, path, e);
    }

    /** A read of a file's content: a folder at the path is no file there. */
    static StorageException ofFileRead(String path, IOException e) {
        if (e instanceof KuboException kubo && kubo.kuboMessage().contains("was not a file")) {
            return new PathNotFoundException(IpfsStorageDriver.NAME, path, e);
        }
        return of(path, e);
    }

    /** A call to Kubo that reads something. */
    interface Read<T> {
        T read() throws IOException;
    }

    /** What the call reads of the file at the path, its failures in the SPI's terms. */
    static <T> T readingFile(String path, Read<T> read) throws IOException {
        try {
            return read.read();
        } catch (IOException e) {
            throw ofFileRead(path, e);
        }
    }

    static StorageException of(String driver, String path, IOException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return switch (e) {
            case StorageException storage -> storage;
            case KuboUnavailableException unavailable -> new StorageUnavailableException(driver, path, message, e);
            // Our own waits (a stalled upload) time out this way.
            case InterruptedIOException timedOut -> new StorageUnavailableException(driver, path, message, e);
            case KuboException kubo when kubo.isPathNotFound() -> new PathNotFoundException(driver, path, e);
            case KuboException kubo when isTimeout(kubo) -> new StorageUnavailableException(driver, path, message, e);
            default -> new StorageFailureException(driver, path, message, e);
        };
    }

    /** Kubo gave up on its own deadline, such as when no peer has the blocks. */
    private static boolean isTimeout(KuboException e) {
        return e.kuboMessage().contains("context deadline exceeded");
    }

    /** A stream whose failures are translated too. */
    static InputStream translating(String driver, String path, InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                try {
                    return super.read();
                } catch (IOException e) {
                    throw of(driver, path, e);
                }
            }

            @Override
            public int read(byte[] bytes, int offset, int length) throws IOException {
                try {
                    return super.read(bytes, offset, length);
                } catch (IOException e) {
                    throw of(driver, path, e);
                }
            }
        };
    }
}
