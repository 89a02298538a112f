package dev.berth.registry.ipfs.publish;

import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.PageRequest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import dev.berth.registry.oci.Manifest;
import dev.berth.registry.repository.Blobs;
import dev.berth.registry.repository.ManifestChange;
import dev.berth.registry.repository.Manifests;
import dev.berth.registry.repository.StoredManifest;
import dev.berth.registry.repository.Tags;
import dev.berth.storage.ipfs.PublishedTree;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.ObjectMapper;

/**
 * Keeps the {@code v2/} folder of the published tree (see {@link RegistryLayout}) in step with the
 * registry, so that a plain IPFS gateway serving the tree at a host's root answers a client's pulls.
 * Each file links content already stored (no data copied), so the view is never ahead of what it
 * links. {@link DerivedTrees} hands it each repository's changes off the request path, gathered,
 * one batch at a time; it applies them in order and then writes the repository's {@code tags/list}
 * once, from the tags as they are then.
 */
public final class GatewayView {
    private final Tags tags;
    private final Manifests manifests;
    private final Blobs blobs;
    private final ObjectMapper json;

    public GatewayView(Tags tags, Manifests manifests, Blobs blobs, ObjectMapper json) {
        this.tags = tags;
        this.manifests = manifests;
        this.blobs = blobs;
        this.json = json;
    }

    /** Applies one repository's changes, oldest first, then its tags/list. */
    void apply(PublishedTree tree, RepositoryName repository, List<ManifestChange> changes) throws IOException {
        List<String> current = currentTags(repository);
        boolean removals = false;
        for (ManifestChange change : changes) {
            switch (change) {
                case ManifestChange.Pushed pushed -> addManifest(tree, "", repository, pushed.digest(), pushed.blobs(), pushed.tags());
                case ManifestChange.Deleted deleted -> {
                    tree.remove(RegistryLayout.viewManifest(repository, deleted.digest()));
                    removeUnnamedBlobs(tree, repository, deleted.blobs());
                    removals = true;
                }
                case ManifestChange.TagDeleted deleted -> tree.remove(RegistryLayout.viewManifest(repository, deleted.tag()));
            }
        }
        if (removals || changes.stream().anyMatch(change -> change instanceof ManifestChange.Pushed)) {
            removeStaleTags(tree, repository, current);
        }
        writeTagsList(tree, "", repository, current);
    }

    /**
     * Links a manifest, the tags naming it and the blobs it names into the view below {@code base}
     * (empty for the published root, or an image tree's folder). Blobs the repository does not hold
     * (non-distributable or allowed-missing layers) are left out, as the registry would answer 404.
     */
    void addManifest(PublishedTree tree, String base, RepositoryName repository, Digest digest, List<Digest> blobs,
                     List<Tag> tagsNamingIt) throws IOException {
        String content = RegistryLayout.blobData(digest);
        tree.link(content, base + RegistryLayout.viewManifest(repository, digest));
        for (Tag tag : tagsNamingIt) {
            tree.link(content, base + RegistryLayout.viewManifest(repository, tag));
        }
        // a manifest may name one blob any number of times: each is linked once
        Set<String> linked = new HashSet<>(tree.list(base + RegistryLayout.view(repository) + "/blobs"));
        for (Digest blob : blobs) {
            if (linked.add(blob.toString()) && holds(repository, blob)) {
                tree.link(RegistryLayout.blobData(blob), base + RegistryLayout.viewBlob(repository, blob));
            }
        }
    }

    /** Whether the registry serves the blob from the repository: stored, and linked to it (what the store knows, mostly without a look-up). */
    boolean holds(RepositoryName repository, Digest blob) {
        return blobs.stat(repository, blob).isPresent();
    }

    /** {@code tags/list} as the registry answers it; removed when the repository has no tags left. */
    void writeTagsList(PublishedTree tree, String base, RepositoryName repository, List<String> tagNames) throws IOException {
        String path = base + RegistryLayout.viewTagsList(repository);
        if (tagNames.isEmpty()) {
            tree.remove(path);
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", repository.value());
        body.put("tags", tagNames);
        tree.write(path, json.writeValueAsBytes(body));
    }

    /**
     * Blobs of a deleted manifest that no manifest left in the view names. The registry still serves
     * them until garbage collection sweeps them, but a link here would keep their blocks from Kubo's
     * repo GC for good; the view shows what its manifests name.
     */
    private void removeUnnamedBlobs(PublishedTree tree, RepositoryName repository, List<Digest> candidates) throws IOException {
        if (candidates.isEmpty()) {
            return;
        }
        Set<Digest> named = new HashSet<>();
        for (String name : tree.list(RegistryLayout.viewManifests(repository))) {
            if (name.contains(":")) {
                try {
                    named.addAll(parsed(manifests, json, repository, Digest.parse(name)).blobs());
                } catch (RegistryException goneMeanwhile) {
                    // deleted since the listing: it names nothing any more
                }
            }
        }
        for (Digest blob : candidates) {
            if (!named.contains(blob)) {
                tree.remove(RegistryLayout.viewBlob(repository, blob));
            }
        }
    }

    /** Tags the view still has that the registry no longer has (a manifest delete takes its tags along). */
    private void removeStaleTags(PublishedTree tree, RepositoryName repository, List<String> current) throws IOException {
        Set<String> kept = Set.copyOf(current);
        for (String name : tree.list(RegistryLayout.viewManifests(repository))) {
            boolean isTag = !name.contains(":");
            if (isTag && !kept.contains(name)) {
                tree.remove(RegistryLayout.viewManifest(repository, new Tag(name)));
            }
        }
    }

    private List<String> currentTags(RepositoryName repository) {
        try {
            return tags.list(repository, PageRequest.all()).entries();
        } catch (RegistryException nameUnknown) {
            return List.of();
        }
    }

    /** The stored manifest, parsed: what the views follow from it. */
    static Manifest parsed(Manifests manifests, ObjectMapper json, RepositoryName repository, Digest digest) {
        StoredManifest stored = manifests.get(repository, digest);
        return Manifest.parse(json, stored.content(), Optional.of(stored.mediaType()));
    }
}
