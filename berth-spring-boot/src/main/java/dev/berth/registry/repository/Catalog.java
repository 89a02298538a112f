package dev.berth.registry.repository;

import dev.berth.registry.naming.Page;
import dev.berth.registry.naming.PageRequest;

/** The repositories the registry holds, for {@code _catalog}. */
public interface Catalog {

    /** A page of repository names in lexical order. */
    Page list(PageRequest request);
}
