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

/** Kubo's failures in the SPI's terms. */
final class Failures {
    private Failures() {}

    static StorageException of(String path, IOException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return switch (e) {
            case StorageException storage -> storage;
            case KuboUnavailableException unavailable -> unavailable(path, message, e);
            // Our own waits (a stalled upload) time out this way.
            case InterruptedIOException timedOut -> unavailable(path, message, e);
            case KuboException kubo when kubo.isPathNotFound() -> new PathNotFoundException(IpfsStorageDriver.NAME, path, e);
            case KuboException kubo when isTimeout(kubo) -> unavailable(path, message, e);
            default -> new StorageFailureException(IpfsStorageDriver.NAME, path, message, e);
        };
    }

    /** Kubo gave up on its own deadline, such as when no peer has the blocks. */
    private static boolean isTimeout(KuboException e) {
        return e.kuboMessage().contains("context deadline exceeded");
    }

    private static StorageUnavailableException unavailable(String path, String message, IOException e) {
        return new StorageUnavailableException(IpfsStorageDriver.NAME, path, message, e);
    }

    /** A stream whose failures are translated too. */
    static InputStream translating(String path, InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                try {
                    return super.read();
                } catch (IOException e) {
                    throw of(path, e);
                }
            }

            @Override
            public int read(byte[] bytes, int offset, int length) throws IOException {
                try {
                    return super.read(bytes, offset, length);
                } catch (IOException e) {
                    throw of(path, e);
                }
            }
        };
    }
}
