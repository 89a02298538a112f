package dev.berth.registry.encryption.store;

import dev.berth.registry.naming.Page;
import dev.berth.registry.naming.PageRequest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.repository.Catalog;
import java.util.SortedSet;
import java.util.TreeSet;

/** {@code _catalog} with private repositories: the public catalog's names and the private tree's, in one lexical order. */
public final class CatalogWithPrivateRepositories implements Catalog {
    private final Catalog published;
    private final PrivateCatalog privateRepositories;

    public CatalogWithPrivateRepositories(Catalog published, PrivateCatalog privateRepositories) {
        this.published = published;
        this.privateRepositories = privateRepositories;
    }

    @Override
    public Page list(PageRequest request) {
        SortedSet<String> names = new TreeSet<>(published.list(PageRequest.all()).entries());
        privateRepositories.names().stream().map(RepositoryName::value).forEach(names::add);
        return request.apply(names.stream().toList());
    }
}
