package dev.berth.registry.encryption.store;

import dev.berth.registry.manifests.ManifestProperties;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.repository.Repository;
import dev.berth.registry.store.DigestCheck;
import java.nio.file.Path;
import org.springframework.context.ApplicationEventPublisher;
import tools.jackson.databind.ObjectMapper;

/** The services of one {@link PrivateTree}, composed into a {@link Repository} for each of its names. */
public final class PrivateRepositories {
    private final PrivateTree tree;
    private final PrivateSweepGuard guard = new PrivateSweepGuard();
    private final StagingArea staging;
    private final PrivateBlobs blobs;
    private final PrivateUploads uploads;
    private final PrivateTags tags;
    private final PrivateReferrers referrers;
    private final PrivateManifests manifests;
    private final PrivateCatalog catalog;
    private final ApplicationEventPublisher events;

    /**
     * @param stagingFolder where uploads in progress are kept, encrypted; null for a tree read only
     *     (then every upload is refused)
     */
    public PrivateRepositories(PrivateTree tree, Path stagingFolder, DigestCheck check, ObjectMapper json, ManifestProperties properties,
                               ApplicationEventPublisher events) {
        this.tree = tree;
        this.staging = stagingFolder == null ? null : new StagingArea(stagingFolder);
        this.blobs = new PrivateBlobs(tree, guard, check);
        this.uploads = staging == null ? null : new PrivateUploads(tree, staging, guard, check);
        this.tags = new PrivateTags(tree, events);
        this.referrers = new PrivateReferrers(tree, json);
        this.manifests = new PrivateManifests(tree, tags, referrers, json, properties, guard, check, events);
        this.catalog = new PrivateCatalog(tree);
        this.events = events;
    }

    /** A tree read from elsewhere: only pulls. */
    public static PrivateRepositories readOnly(PrivateTree tree, DigestCheck check, ObjectMapper json, ManifestProperties properties) {
        return new PrivateRepositories(tree, null, check, json, properties, event -> { });
    }

    public PrivateTree tree() {
        return tree;
    }

    public PrivateCatalog catalog() {
        return catalog;
    }

    /** Announces a change to the tree made outside a request (re-encryption, garbage collection, rotation). */
    public void announceChange() {
        events.publishEvent(new PrivateTreeChanged());
    }

    PrivateSweepGuard guard() {
        return guard;
    }

    PrivateReferrers referrers() {
        return referrers;
    }

    /** The uploads, or null for a tree read only. */
    PrivateUploads uploads() {
        return uploads;
    }

    /** The repository, every operation allowed; or only pulls for a tree read only. */
    public Repository repository(RepositoryName name) {
        if (uploads == null) {
            return Repository.readOnly(name, blobs, manifests, tags, referrers); // the HTTP layer refuses every change
        }
        return Repository.of(name, Repository.ALL, blobs, uploads, manifests, tags, referrers);
    }
}
