package dev.berth.registry.catalog;

import dev.berth.registry.naming.Page;
import dev.berth.registry.naming.PageRequest;
import dev.berth.registry.repository.Catalog;
import dev.berth.registry.store.RegistryStorage;
import dev.berth.registry.store.RepositoryDiscovery;

/**
 * The local store's repositories: every folder below /repositories with content of its own, walked
 * only as far as the page asked for needs ({@link RepositoryDiscovery#page}).
 */
public final class StoredCatalog implements Catalog {
    private final RegistryStorage storage;

    public StoredCatalog(RegistryStorage storage) {
        this.storage = storage;
    }

    @Override
    public Page list(PageRequest request) {
        return RepositoryDiscovery.page(storage, request);
    }
}
