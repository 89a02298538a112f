package dev.berth.storage.ipfs;

import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises a driver's changes to MFS folders (mkdir, mv, rm, cp). Concurrent ones into the same
 * folder lost a committed file now and then on Kubo 0.43.1 (the contract's concurrent writers
 * showed it); each change takes milliseconds, and uploads still run in parallel.
 */
final class TreeLock {
    private final ReentrantLock lock = new ReentrantLock();

    interface Change {
        void run() throws IOException;
    }

    void run(Change change) throws IOException {
        lock.lock();
        try {
            change.run();
        } finally {
            lock.unlock();
        }
    }
}
