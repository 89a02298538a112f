package dev.berth.registry.catalog;

import dev.berth.registry.naming.Page;
import dev.berth.registry.naming.PageRequest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.repository.Catalog;
import dev.berth.registry.store.RegistryStorage;
import dev.berth.registry.store.RepositoryDiscovery;

/** The local store's repositories: every folder below /repositories with content of its own. */
public final class StoredCatalog implements Catalog {
    private final RegistryStorage storage;

    public StoredCatalog(RegistryStorage storage) {
        this.storage = storage;
    }

    @Override
    public Page list(PageRequest request) {
        return request.apply(RepositoryDiscovery.find(storage, Integer.MAX_VALUE).stream().map(RepositoryName::value).toList());
    }
}
