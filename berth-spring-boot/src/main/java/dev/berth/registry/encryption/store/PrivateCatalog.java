package dev.berth.registry.encryption.store;

import dev.berth.registry.naming.Page;
import dev.berth.registry.naming.PageRequest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.repository.Catalog;
import java.util.SortedSet;
import java.util.TreeSet;

/** The private repositories a tree holds, by the names sealed in their folders. */
public final class PrivateCatalog implements Catalog {
    private final PrivateTree tree;

    PrivateCatalog(PrivateTree tree) {
        this.tree = tree;
    }

    @Override
    public Page list(PageRequest request) {
        return request.apply(names().stream().map(RepositoryName::value).toList());
    }

    /** Every repository with a folder, under any scheme. */
    public SortedSet<RepositoryName> names() {
        SortedSet<RepositoryName> names = new TreeSet<>();
        for (String folder : tree.storage().list(PrivateLayout.REPOSITORIES)) {
            tree.nameOf(PrivateLayout.name(folder)).ifPresent(names::add);
        }
        return names;
    }
}
