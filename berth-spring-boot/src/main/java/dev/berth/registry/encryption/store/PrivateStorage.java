package dev.berth.registry.encryption.store;

import dev.berth.registry.store.RegistryStorage;
import dev.berth.storage.StorageDriver;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * The storage of private repositories, apart from the registry's public tree: on IPFS its own MFS
 * folder (so its own root CID), on the filesystem its own folder, in memory its own driver. Reached
 * like every storage through {@link RegistryStorage}, behind {@code CheckedDriver}. Closing it closes
 * the driver it was made with.
 */
public final class PrivateStorage implements AutoCloseable {
    private final StorageDriver driver;
    private final RegistryStorage storage;
    private final String where;

    /**
     * @param driver a driver of its own, over a root no other driver uses
     * @param where where it stores, for logs and errors
     */
    public PrivateStorage(StorageDriver driver, String where, MeterRegistry meters) {
        this.driver = Objects.requireNonNull(driver, "driver");
        this.storage = new RegistryStorage(driver, meters);
        this.where = where;
    }

    public RegistryStorage storage() {
        return storage;
    }

    public String where() {
        return where;
    }

    @Override
    public void close() throws Exception {
        if (driver instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Override
    public String toString() {
        return "PrivateStorage[" + where + "]";
    }
}
