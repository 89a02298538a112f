package dev.berth.registry.ipfs.publish;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.oci.Descriptor;
import dev.berth.registry.oci.Manifest;
import dev.berth.registry.repository.ManifestChange;
import dev.berth.registry.repository.Manifests;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.Reference;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import dev.berth.storage.ipfs.PublishedTree;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.databind.ObjectMapper;

/**
 * Self-contained image trees: for a tag or digest of a repository, a folder with the registry's own
 * layout holding only that repository and that image (its manifest, an index's child manifests, the
 * blobs they name, the tag), plus its {@code v2/} gateway view. Every file is a link to content the
 * registry already stores (no data copied), so building one costs a few dozen MFS changes.
 *
 * <p>The folder lives in the published tree at {@link RegistryLayout#image}, so Kubo's repo GC keeps
 * its blocks as long as the registry keeps it: rebuilt when asked again, replaced (and the old CID
 * left to GC unless someone pinned it) when the tag moves. Its CID depends only on the image and
 * the reference, so asking twice gives the same CID.
 */
public final class ImageTrees {
    private final Optional<PublishedTree> tree;
    private final Manifests manifests;
    private final GatewayView view;
    private final ObjectMapper json;
    private final List<UnpublishedRepositories> unpublished;
    private final ReentrantLock building = new ReentrantLock();

    public ImageTrees(Optional<PublishedTree> tree, Manifests manifests, GatewayView view, ObjectMapper json) {
        this(tree, manifests, view, json, List.of());
    }

    /** @param unpublished repositories that get no image CID (refused with UNSUPPORTED and the reason) */
    public ImageTrees(Optional<PublishedTree> tree, Manifests manifests, GatewayView view, ObjectMapper json,
                      List<UnpublishedRepositories> unpublished) {
        this.tree = tree;
        this.manifests = manifests;
        this.view = view;
        this.json = json;
        this.unpublished = List.copyOf(unpublished);
    }

    /** Builds (or rebuilds) the image's tree and returns its CID; UNSUPPORTED when storage is not IPFS. */
    public ImageCid build(RepositoryName repository, Reference reference) throws IOException {
        for (UnpublishedRepositories excluded : unpublished) {
            Optional<String> reason = excluded.reason(repository);
            if (reason.isPresent()) {
                throw RegistryException.of(ErrorCode.UNSUPPORTED, reason.get(), repository.value());
            }
        }
        PublishedTree published = tree.orElseThrow(() ->
                RegistryException.of(ErrorCode.UNSUPPORTED, "image CIDs need the IPFS storage driver"));
        building.lock(); // one build at a time; a lock, not a monitor: the calls to Kubo must not pin a virtual thread
        try {
            return buildLocked(published, repository, reference);
        } finally {
            building.unlock();
        }
    }

    /**
     * Removes the image trees of the repository that its changes made stale, so that Kubo's repo GC can
     * take what only they kept: a deleted manifest's (and those that hold it, such as its tags' trees),
     * a deleted tag's, and a moved tag's (one that does not hold the manifest the tag now names).
     */
    void removeStale(RepositoryName repository, List<ManifestChange> changes) throws IOException {
        PublishedTree published = tree.orElseThrow();
        String refs = RegistryLayout.images(repository);
        List<String> built = published.list(refs);
        if (built.isEmpty()) {
            return;
        }
        building.lock();
        try {
            for (ManifestChange change : changes) {
                switch (change) {
                    case ManifestChange.Deleted deleted -> {
                        for (String name : published.list(refs)) {
                            String base = refs + "/" + name;
                            if (name.equals(deleted.digest().toString())
                                    || published.exists(base + RegistryLayout.manifestRevision(repository, deleted.digest()))) {
                                published.remove(base);
                            }
                        }
                    }
                    case ManifestChange.TagDeleted deleted -> published.remove(RegistryLayout.image(repository, deleted.tag()));
                    case ManifestChange.Pushed pushed -> {
                        for (Tag tag : pushed.tags()) {
                            String base = RegistryLayout.image(repository, tag);
                            if (built.contains(tag.value())
                                    && !published.exists(base + RegistryLayout.manifestRevision(repository, pushed.digest()))) {
                                published.remove(base);
                            }
                        }
                    }
                }
            }
        } finally {
            building.unlock();
        }
    }

    private ImageCid buildLocked(PublishedTree published, RepositoryName repository, Reference reference) throws IOException {
        Digest top = manifests.stat(repository, reference).digest();
        String base = RegistryLayout.image(repository, reference);
        published.remove(base);
        List<Tag> tags = reference instanceof Tag tag ? List.of(tag) : List.of();
        addManifest(published, base, repository, top, tags, 0, new HashSet<>());
        for (Tag tag : tags) {
            published.link(RegistryLayout.tag(repository, tag), base + RegistryLayout.tag(repository, tag));
        }
        view.writeTagsList(published, base, repository, tags.stream().map(Tag::value).toList());
        return ImageCid.of(published.cid(base));
    }

    /**
     * Links a manifest with its content, its children (for an index) and its blobs into the image tree,
     * each once: an index may name one child, or a manifest one blob, any number of times.
     */
    private void addManifest(PublishedTree published, String base, RepositoryName repository, Digest digest,
                             List<Tag> tags, int depth, Set<Digest> added) throws IOException {
        if (depth > 2) {
            throw RegistryException.of(ErrorCode.MANIFEST_INVALID, "indexes nest deeper than Berth follows", digest.toString());
        }
        if (!added.add(digest)) {
            return;
        }
        Manifest manifest = GatewayView.parsed(manifests, json, repository, digest);
        published.link(RegistryLayout.blobData(digest), base + RegistryLayout.blobData(digest));
        published.link(RegistryLayout.manifestRevision(repository, digest), base + RegistryLayout.manifestRevision(repository, digest));
        for (Descriptor child : manifest.manifests()) {
            if (!added.contains(child.digest()) && published.exists(RegistryLayout.manifestRevisionLink(repository, child.digest()))) {
                addManifest(published, base, repository, child.digest(), List.of(), depth + 1, added);
            }
        }
        List<Digest> blobs = manifest.blobs();
        for (Digest blob : blobs) {
            if (added.add(blob) && view.holds(repository, blob)) {
                published.link(RegistryLayout.blobData(blob), base + RegistryLayout.blobData(blob));
                published.link(RegistryLayout.layer(repository, blob), base + RegistryLayout.layer(repository, blob));
            }
        }
        view.addManifest(published, base, repository, digest, blobs, tags);
    }
}
