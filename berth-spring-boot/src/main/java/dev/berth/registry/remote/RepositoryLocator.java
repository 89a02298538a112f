package dev.berth.registry.remote;

import dev.berth.registry.blobs.BlobStore;
import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.manifests.ManifestService;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.referrers.ReferrerIndex;
import dev.berth.registry.tags.TagStore;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Finds where a repository's content is read from: this registry's storage, or, for
 * {@code ipfs/...} and {@code ipns/...} names, a tree on IPFS ({@link RemoteTrees}, present with
 * the IPFS driver).
 */
public class RepositoryLocator {
    private static final Logger log = LoggerFactory.getLogger(RepositoryLocator.class);

    private final RegistryView local;
    private final ObjectProvider<RemoteTrees> remoteTrees;

    public RepositoryLocator(BlobStore blobs, ManifestService manifests, TagStore tags, ReferrerIndex referrers,
                             ObjectProvider<RemoteTrees> remoteTrees) {
        this.local = new RegistryView(blobs, manifests, tags, referrers);
        this.remoteTrees = remoteTrees;
    }

    /**
     * A repository's reading services and its name in their tree.
     *
     * @param remoteTree the {@code /ipfs/...} tree it was found in, empty for this registry's own
     */
    public record Located(RegistryView view, RepositoryName repository, Optional<String> remoteTree) {}

    public Located locate(RepositoryName name) {
        Optional<RemoteName> remote = RemoteName.parse(name);
        if (remote.isEmpty()) {
            return new Located(local, name, Optional.empty());
        }
        RemoteTrees trees = remoteTrees.getIfAvailable();
        if (trees == null) {
            throw RegistryException.of(ErrorCode.NAME_UNKNOWN,
                    "this registry does not store on IPFS, so it cannot pull from ipfs/ or ipns/ trees", name.value());
        }
        RemoteTrees.Located found = trees.locate(remote.get());
        return new Located(found.view(), found.repository(), Optional.of(found.tree()));
    }

    /**
     * Called once content was served and checked against its digest in full: with
     * {@code berth.remote.pull-through}, remote content is linked into this registry's blob store.
     * A failure to link is logged; the pull itself has already succeeded.
     */
    public void verified(Located located, Digest digest) {
        RemoteTrees trees = remoteTrees.getIfAvailable();
        if (located.remoteTree().isEmpty() || trees == null || !trees.pullsThrough()) {
            return;
        }
        try {
            located.view().blobs().contentId(digest).ifPresent(cid -> local.blobs().adoptVerified(digest, cid));
        } catch (RuntimeException e) {
            log.warn("Could not keep {} from {}: {}", digest, located.remoteTree().get(), e.getMessage());
        }
    }
}
