package dev.berth.storage.inmemory;

import dev.berth.storage.StorageDriver;
import dev.berth.storage.StorageDriverContract;

class InMemoryDriverContractTest extends StorageDriverContract {
    @Override
    protected StorageDriver newDriver() {
        return new InMemoryDriver();
    }
}
