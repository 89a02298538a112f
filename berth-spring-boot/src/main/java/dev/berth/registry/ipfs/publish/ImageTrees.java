package dev.berth.registry.ipfs.publish;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.oci.Descriptor;
import dev.berth.registry.oci.Manifest;
import dev.berth.registry.repository.Manifests;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.Reference;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import dev.berth.storage.ipfs.PublishedTree;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
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
    public synchronized ImageCid build(RepositoryName repository, Reference reference) throws IOException {
        for (UnpublishedRepositories excluded : unpublished) {
            Optional<String> reason = excluded.reason(repository);
            if (reason.isPresent()) {
                throw RegistryException.of(ErrorCode.UNSUPPORTED, reason.get(), repository.value());
            }
        }
        PublishedTree published = tree.orElseThrow(() ->
                RegistryException.of(ErrorCode.UNSUPPORTED, "image CIDs need the IPFS storage driver"));
        Digest top = manifests.stat(repository, reference).digest();
        String base = RegistryLayout.image(repository, reference);
        published.remove(base);
        List<Tag> tags = reference instanceof Tag tag ? List.of(tag) : List.of();
        addManifest(published, base, repository, top, tags, 0);
        for (Tag tag : tags) {
            published.link(RegistryLayout.tag(repository, tag), base + RegistryLayout.tag(repository, tag));
        }
        view.writeTagsList(published, base, repository, tags.stream().map(Tag::value).toList());
        return ImageCid.of(published.cid(base));
    }

    /** Links a manifest with its content, its children (for an index) and its blobs into the image tree. */
    private void addManifest(PublishedTree published, String base, RepositoryName repository, Digest digest,
                             List<Tag> tags, int depth) throws IOException {
        if (depth > 2) {
            throw RegistryException.of(ErrorCode.MANIFEST_INVALID, "indexes nest deeper than Berth follows", digest.toString());
        }
        Manifest manifest = GatewayView.parsed(manifests, json, repository, digest);
        published.link(RegistryLayout.blobData(digest), base + RegistryLayout.blobData(digest));
        published.link(RegistryLayout.manifestRevision(repository, digest), base + RegistryLayout.manifestRevision(repository, digest));
        for (Descriptor child : manifest.manifests()) {
            if (published.exists(RegistryLayout.manifestRevisionLink(repository, child.digest()))) {
                addManifest(published, base, repository, child.digest(), List.of(), depth + 1);
            }
        }
        List<Digest> blobs = manifest.blobs();
        for (Digest blob : blobs) {
            if (GatewayView.holds(published, repository, blob)) {
                published.link(RegistryLayout.blobData(blob), base + RegistryLayout.blobData(blob));
                published.link(RegistryLayout.layer(repository, blob), base + RegistryLayout.layer(repository, blob));
            }
        }
        view.addManifest(published, base, repository, digest, blobs, tags);
    }
}
