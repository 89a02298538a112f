package dev.berth.registry.ipfs.remote;

import dev.berth.registry.blobs.BlobStore;
import dev.berth.registry.blobs.StoredBlobs;
import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.manifests.ManifestProperties;
import dev.berth.registry.manifests.StoredManifests;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.Reference;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.referrers.ReferrerIndex;
import dev.berth.registry.referrers.StoredReferrers;
import dev.berth.registry.repository.BlobContent;
import dev.berth.registry.repository.BlobInfo;
import dev.berth.registry.repository.Blobs;
import dev.berth.registry.repository.ByteRange;
import dev.berth.registry.repository.Manifests;
import dev.berth.registry.repository.Operation;
import dev.berth.registry.repository.RangeRequest;
import dev.berth.registry.repository.Referrers;
import dev.berth.registry.repository.Repository;
import dev.berth.registry.repository.RepositoryKind;
import dev.berth.registry.repository.StoredManifest;
import dev.berth.registry.repository.Tags;
import dev.berth.registry.repository.Uploads;
import dev.berth.registry.store.DigestCheck;
import dev.berth.registry.store.RegistryStorage;
import dev.berth.registry.store.SweepGuard;
import dev.berth.registry.tags.StoredTags;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;

/**
 * Repositories under {@code ipfs/...} and {@code ipns/...}: read-only views of trees published on
 * IPFS ({@link RemoteTrees}), read by the local store's own code over the tree, so every blob and
 * manifest is verified as it is at home. A name is claimed at once; its tree is resolved when the
 * repository is first read. With {@code berth.remote.pull-through}, content served and verified in
 * full is linked into this registry's blob store. Trees of another format ({@link RemoteTreeFormat},
 * such as private trees) are read by that format, without pull-through. Without IPFS storage, such
 * names are NAME_UNKNOWN.
 */
public final class RemoteTreeKind implements RepositoryKind {
    private static final Logger log = LoggerFactory.getLogger(RemoteTreeKind.class);

    private final Optional<RemoteTrees> trees;
    private final BlobStore local;
    private final ObjectMapper json;
    private final ManifestProperties manifestProperties;
    private final DigestCheck check;
    private final List<RemoteTreeFormat> formats;

    public RemoteTreeKind(Optional<RemoteTrees> trees, BlobStore local, ObjectMapper json, ManifestProperties manifestProperties,
                          DigestCheck check, List<RemoteTreeFormat> formats) {
        this.trees = trees;
        this.local = local;
        this.json = json;
        this.manifestProperties = manifestProperties;
        this.check = check;
        this.formats = List.copyOf(formats);
    }

    @Override
    public Optional<Repository> locate(RepositoryName name) {
        return RemoteName.isReserved(name) ? Optional.of(new RemoteRepository(name)) : Optional.empty();
    }

    /** The repositories of the tree {@code ipfs/<cid>} or {@code ipns/<name>} (below the repository it names, if any). */
    @Override
    public Optional<List<RepositoryName>> repositoriesIn(RepositoryName tree, int limit) {
        RemoteName remote = RemoteName.parse(tree).orElseThrow();
        RemoteTrees available = trees.orElseThrow(() -> RegistryException.of(ErrorCode.NAME_UNKNOWN,
                "this registry does not store on IPFS, so it cannot read ipfs/ or ipns/ trees", tree.value()));
        return Optional.of(available.repositories(remote, limit));
    }

    /** The services reading one located tree. */
    private record Tree(RepositoryName name, Blobs blobs, Manifests manifests, Tags tags, Referrers referrers) {}

    private Tree open(RepositoryName asked) {
        RemoteName remote = RemoteName.parse(asked).orElseThrow();
        RemoteTrees available = trees.orElseThrow(() -> RegistryException.of(ErrorCode.NAME_UNKNOWN,
                "this registry does not store on IPFS, so it cannot pull from ipfs/ or ipns/ trees", asked.value()));
        RemoteTrees.Reached reached = available.reach(remote);
        for (RemoteTreeFormat format : formats) {
            Optional<Repository> other = format.open(reached.storage(), remote);
            if (other.isPresent()) {
                Repository repository = other.get();
                return new Tree(repository.name(), repository.blobs(), repository.manifests(), repository.tags(), repository.referrers());
            }
        }
        RemoteTrees.Located located = available.locate(reached, remote);
        RegistryStorage storage = located.storage();
        SweepGuard neverCollected = new SweepGuard(); // garbage collection runs on the registry's own tree only
        BlobStore content = new BlobStore(storage, neverCollected, check);
        StoredTags tags = new StoredTags(storage, event -> { });
        ReferrerIndex referrers = new ReferrerIndex(storage, json);
        StoredManifests manifests = new StoredManifests(storage, content, tags, referrers, json, manifestProperties, neverCollected,
                check, event -> { });
        boolean keep = available.pullsThrough();
        return new Tree(located.repository(), keep ? new KeptBlobs(new StoredBlobs(content), located.tree()) : new StoredBlobs(content),
                keep ? new KeptManifests(manifests, located.tree()) : manifests, tags, new StoredReferrers(referrers));
    }

    /** A remote repository, its tree resolved on first use and then kept for the request. */
    private final class RemoteRepository implements Repository {
        private final RepositoryName asked;
        private Tree tree;

        RemoteRepository(RepositoryName asked) {
            this.asked = asked;
        }

        private Tree tree() {
            if (tree == null) {
                tree = open(asked);
            }
            return tree;
        }

        @Override
        public RepositoryName name() {
            return tree().name();
        }

        @Override
        public boolean allows(Operation operation) {
            return operation == Operation.PULL;
        }

        @Override
        public Blobs blobs() {
            return tree().blobs();
        }

        @Override
        public Uploads uploads() {
            return new Uploads() { };
        }

        @Override
        public Manifests manifests() {
            return tree().manifests();
        }

        @Override
        public Tags tags() {
            return tree().tags();
        }

        @Override
        public Referrers referrers() {
            return tree().referrers();
        }
    }

    /** Links content verified in full into the local blob store; a failure is logged, the pull has succeeded. */
    private void keep(Digest digest, Optional<String> contentId, String tree) {
        try {
            contentId.ifPresent(cid -> local.adoptVerified(digest, cid));
        } catch (RuntimeException e) {
            log.warn("Could not keep {} from {}: {}", digest, tree, e.getMessage());
        }
    }

    private final class KeptBlobs implements Blobs {
        private final Blobs tree;
        private final String name;

        KeptBlobs(Blobs tree, String name) {
            this.tree = tree;
            this.name = name;
        }

        @Override
        public Optional<BlobInfo> stat(RepositoryName repository, Digest digest) {
            return tree.stat(repository, digest);
        }

        @Override
        public BlobContent open(RepositoryName repository, Digest digest, Optional<RangeRequest> range) {
            BlobContent content = tree.open(repository, digest, range);
            return new BlobContent() {
                @Override
                public BlobInfo info() {
                    return content.info();
                }

                @Override
                public Optional<ByteRange> range() {
                    return content.range();
                }

                @Override
                public void transferTo(OutputStream out) throws IOException {
                    content.transferTo(out);
                    if (content.range().isEmpty()) {
                        keep(digest, content.info().contentId(), name); // hashed whole as it was served
                    }
                }
            };
        }
    }

    private final class KeptManifests implements Manifests {
        private final Manifests tree;
        private final String name;

        KeptManifests(Manifests tree, String name) {
            this.tree = tree;
            this.name = name;
        }

        @Override
        public StoredManifest get(RepositoryName repository, Reference reference) {
            StoredManifest manifest = tree.get(repository, reference);
            keep(manifest.digest(), manifest.contentId(), name);
            return manifest;
        }
    }
}
