package dev.berth.registry.gc;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.PageRequest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import dev.berth.registry.oci.Manifest;
import dev.berth.registry.referrers.ReferrerIndex;
import dev.berth.registry.repository.Manifests;
import dev.berth.registry.repository.StoredManifest;
import dev.berth.registry.repository.Tags;
import dev.berth.registry.store.RegistryStorage;
import dev.berth.registry.store.RepositoryDiscovery;
import dev.berth.registry.store.SweepGuard;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.ObjectMapper;

/**
 * The second phase. In every repository, the kept manifest revisions are all of them, or with
 * {@code delete-untagged} those a tag reaches: tagged ones, an index's children and the referrers
 * of a kept manifest (a signature lives as long as what it signs), transitively. Every blob a kept
 * manifest names (itself, its config, its layers, its children) is marked; blobs are shared across
 * repositories, so marks are global. Unkept revisions past their grace period go. A manifest that
 * cannot be read aborts the run before anything is swept: the run cannot know what it references.
 */
final class Marking {
    private final RegistryStorage storage;
    private final Manifests manifests;
    private final Tags tags;
    private final ReferrerIndex referrers;
    private final SweepGuard guard;
    private final boolean deleteUntagged;
    private final ObjectMapper json;
    private final GcRun run;

    /** The digests some kept manifest references. */
    final Set<Digest> marked = new HashSet<>();
    /** Which repositories link each blob, so that removing a blob removes its links too. */
    final Map<Digest, List<RepositoryName>> linkedIn = new HashMap<>();

    Marking(RegistryStorage storage, Manifests manifests, Tags tags, ReferrerIndex referrers, SweepGuard guard, boolean deleteUntagged,
            ObjectMapper json, GcRun run) {
        this.storage = storage;
        this.manifests = manifests;
        this.tags = tags;
        this.referrers = referrers;
        this.guard = guard;
        this.deleteUntagged = deleteUntagged;
        this.json = json;
        this.run = run;
    }

    void run() {
        for (RepositoryName repository : RepositoryDiscovery.find(storage, Integer.MAX_VALUE)) {
            markRepository(repository);
        }
    }

    private void markRepository(RepositoryName repository) {
        run.tally.repositories++;
        for (Digest layer : run.digestsUnder(RegistryLayout.layers(repository))) {
            linkedIn.computeIfAbsent(layer, d -> new ArrayList<>()).add(repository);
        }
        Set<Digest> revisions = new HashSet<>(run.digestsUnder(RegistryLayout.manifestRevisions(repository)));
        Set<Digest> kept = new HashSet<>();
        if (!deleteUntagged) {
            keep(repository, revisions, revisions, kept);
            return;
        }
        keep(repository, tagTargets(repository), revisions, kept);
        if (!run.dryRun) {
            kept.forEach(revision -> storage.delete(RegistryLayout.manifestUntaggedSince(repository, revision)));
        }
        for (Digest revision : revisions) {
            if (kept.contains(revision)) {
                continue;
            }
            boolean removed = run.graceOver(() -> run.firstSeen(RegistryLayout.manifestUntaggedSince(repository, revision)))
                    && (run.dryRun ? !guard.isUsed(revision) : guard.removeUnlessUsed(revision, () -> removeRevision(repository, revision)));
            if (removed) {
                run.tally.manifestsSwept++;
            } else {
                keep(repository, Set.of(revision), revisions, kept); // in its grace period, or pushed or tagged during the run
            }
            run.tally.tick();
        }
    }

    /** The digests the repository's tags point at. */
    private Set<Digest> tagTargets(RepositoryName repository) {
        Set<Digest> result = new HashSet<>();
        List<String> names;
        try {
            names = tags.list(repository, PageRequest.all()).entries();
        } catch (RegistryException noTags) {
            return result;
        }
        for (String name : names) {
            tags.get(repository, new Tag(name)).ifPresent(result::add);
        }
        return result;
    }

    /** Keeps the roots and what they reach within the repository, marking every blob they name. */
    private void keep(RepositoryName repository, Set<Digest> roots, Set<Digest> revisions, Set<Digest> kept) {
        Deque<Digest> pending = new ArrayDeque<>(roots);
        while (!pending.isEmpty()) {
            Digest digest = pending.pop();
            if (!revisions.contains(digest) || !kept.add(digest)) {
                continue;
            }
            marked.add(digest);
            Optional<Manifest> manifest = read(repository, digest);
            if (manifest.isEmpty()) {
                continue;
            }
            run.tally.manifestsKept++;
            // Only what the repository holds: naming a digest keeps nothing (an index may name any digest,
            // its children are kept as revisions of their own, and a blob of another repository stays that one's).
            manifest.get().blobs().stream().filter(blob -> linkedIn.getOrDefault(blob, List.of()).contains(repository)).forEach(marked::add);
            if (deleteUntagged) {
                manifest.get().manifests().forEach(child -> pending.push(child.digest()));
                pending.addAll(referrers.referrersOf(repository, digest));
            }
            run.tally.tick();
        }
    }

    /** The manifest, or empty when it was deleted meanwhile or its content is gone (it then references nothing stored). */
    private Optional<Manifest> read(RepositoryName repository, Digest digest) {
        try {
            StoredManifest stored = manifests.get(repository, digest);
            return Optional.of(Manifest.parse(json, stored.content(), Optional.of(stored.mediaType())));
        } catch (RegistryException e) {
            if (e.code() == ErrorCode.MANIFEST_UNKNOWN) {
                return Optional.empty();
            }
            throw new IllegalStateException("cannot read manifest " + digest + " of " + repository
                    + ", so cannot tell what it references; nothing was removed", e);
        }
    }

    private void removeRevision(RepositoryName repository, Digest revision) {
        try {
            manifests.delete(repository, revision);
        } catch (RegistryException e) {
            if (e.code() != ErrorCode.MANIFEST_UNKNOWN) {
                throw e;
            }
            storage.delete(RegistryLayout.manifestRevision(repository, revision)); // content gone: the revision alone
        }
    }
}
