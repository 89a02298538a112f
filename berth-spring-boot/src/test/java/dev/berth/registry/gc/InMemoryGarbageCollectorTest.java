package dev.berth.registry.gc;

import dev.berth.storage.StorageDriver;
import dev.berth.storage.inmemory.InMemoryDriver;

class InMemoryGarbageCollectorTest extends GarbageCollectorContract {
    @Override
    protected StorageDriver driver() {
        return new InMemoryDriver();
    }
}
