package dev.berth.registry.ipfs.remote;

import dev.berth.registry.repository.Repository;
import dev.berth.registry.store.RegistryStorage;
import java.util.Optional;

/**
 * A kind of tree on IPFS that is read otherwise than as this registry's own layout, such as the
 * encrypted tree of private repositories. Beans of this type are asked, in their order, about every
 * remote tree before it is read as a plain one.
 */
@FunctionalInterface
public interface RemoteTreeFormat {

    /**
     * The repository the client asked for, read in this format, when the tree is of this format
     * (told by a cheap look, such as one file); empty to leave the tree to the next format. A tree of
     * this format that this registry cannot read is refused with an OCI error that says why.
     *
     * @param tree the tree, read-only
     * @param asked the name the client asked for ({@code ipfs/<cid>[/<repository>]}, {@code ipns/...})
     */
    Optional<Repository> open(RegistryStorage tree, RemoteName asked);
}
