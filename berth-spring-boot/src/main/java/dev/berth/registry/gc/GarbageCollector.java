package dev.berth.registry.gc;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.layout.RegistryLayout.UploadFolder;
import dev.berth.registry.layout.RegistryStorage;
import dev.berth.registry.manifests.Manifest;
import dev.berth.registry.manifests.ManifestService;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.referrers.ReferrerIndex;
import dev.berth.registry.tags.TagStore;
import dev.berth.registry.uploads.UploadService;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mark and sweep of content that no manifest references, expiry of abandoned uploads.
 *
 * <p><b>Mark.</b> In every repository, the kept manifest revisions are all of them, or with
 * {@code delete-untagged} those a tag reaches: tagged ones, an index's children and the referrers
 * of a kept manifest (a signature lives as long as what it signs), transitively. Every blob a kept
 * manifest names (itself, its config, its layers, its children) is marked. Blobs are shared across
 * repositories, so marks are global. A manifest that cannot be read aborts the run before anything
 * is removed: the run cannot know what it references.
 *
 * <p><b>Sweep.</b> Unkept revisions go (with {@code delete-untagged}), then unmarked blobs, with the
 * repositories' links to them. Deletes go through the storage driver; on IPFS that unlinks the
 * files from MFS, and since Berth imports with {@code pin=false}, Kubo's {@code repo gc} can then
 * reclaim their blocks.
 *
 * <p><b>Safety while pushes continue.</b> Drivers cannot tell when a file was written (the IPFS
 * driver's modification time is the time of the call), so two mechanisms of the registry's own
 * keep recent content:
 * <ul>
 *   <li>The grace period, across runs: the first run that finds a blob unreferenced records that
 *       time in the storage ({@link RegistryLayout#unreferencedSince}); a later run removes the blob
 *       only when the record is older than the grace period and the blob is still unreferenced. A
 *       run that finds it referenced again forgets the record. So a blob uploaded for a push whose
 *       manifest follows within the grace period survives, whatever the driver, across restarts
 *       and across several registry processes.
 *   <li>Within a run, the {@link SweepGuard}: digests that requests use while the run is in
 *       progress (uploaded, mounted, found by HEAD, named by a pushed manifest) are not removed,
 *       and removing one digest never interleaves with a change that makes it referenced. With it,
 *       grace zero is safe for one registry process: nothing referenced is ever removed.
 * </ul>
 * A manifest revision that was used during the run is kept, and what it references is marked
 * before blobs are swept.
 *
 * <p>With {@code delete-untagged}, a manifest revision no tag reaches is kept the same way for the
 * grace period (recorded in its revision folder), so an index's children pushed before the index
 * survive.
 *
 * <p><b>Uploads.</b> An upload commits a {@code started} file holding its start time when it
 * begins (drivers neither list pending content nor, on IPFS, keep modification times); uploads
 * that started longer than {@code upload-expiry} ago are removed, pending bytes included.
 *
 * <p>One run at a time; a dry run reports the same counts and changes nothing.
 */
public class GarbageCollector {
    private static final Logger log = LoggerFactory.getLogger(GarbageCollector.class);

    private final RegistryStorage storage;
    private final ManifestService manifests;
    private final TagStore tags;
    private final ReferrerIndex referrers;
    private final UploadService uploads;
    private final SweepGuard guard;
    private final GcProperties properties;
    private final Clock clock;
    private final Duration progressEvery;
    private final ReentrantLock oneRunAtATime = new ReentrantLock();

    public GarbageCollector(RegistryStorage storage, ManifestService manifests, TagStore tags,
                            ReferrerIndex referrers, UploadService uploads, SweepGuard guard, GcProperties properties,
                            Clock clock, Duration progressEvery) {
        this.storage = storage;
        this.manifests = manifests;
        this.tags = tags;
        this.referrers = referrers;
        this.uploads = uploads;
        this.guard = guard;
        this.properties = properties;
        this.clock = clock;
        this.progressEvery = progressEvery;
    }

    public GcProperties properties() {
        return properties;
    }

    /** Runs once (waiting for a run in progress to end first) and reports. */
    public GcReport run(boolean dryRun) {
        oneRunAtATime.lock();
        try {
            return new Run(dryRun).execute();
        } finally {
            oneRunAtATime.unlock();
        }
    }

    /** The state of one run. */
    private final class Run {
        private final boolean dryRun;
        private final Instant now = clock.instant();
        private final long startedNanos = System.nanoTime();
        private final Tally tally = new Tally(log, progressEvery);
        private final Set<Digest> marked = new HashSet<>();
        /** Which repositories link each blob, so that removing a blob removes its links too. */
        private final Map<Digest, List<RepositoryName>> linkedIn = new HashMap<>();

        Run(boolean dryRun) {
            this.dryRun = dryRun;
        }

        GcReport execute() {
            log.info("Garbage collection {} starting (grace {}, delete untagged {}, upload expiry {})",
                    dryRun ? "dry run" : "run", properties.grace(), properties.deleteUntagged(), properties.uploadExpiry());
            guard.runStarts();
            try {
                tally.phase("expiring uploads");
                expireUploads();
                tally.phase("marking");
                Set<RepositoryName> repositories = new TreeSet<>();
                collectRepositories(RegistryLayout.REPOSITORIES, repositories);
                for (RepositoryName repository : repositories) {
                    markRepository(repository);
                }
                tally.phase("sweeping blobs");
                sweepBlobs();
            } finally {
                guard.runEnds();
            }
            GcReport report = tally.report(dryRun, Duration.ofNanos(System.nanoTime() - startedNanos));
            log.info("Garbage collection {}", report.summary());
            return report;
        }

        private void markRepository(RepositoryName repository) {
            tally.repositories++;
            for (Digest layer : digestsUnder(RegistryLayout.layers(repository))) {
                linkedIn.computeIfAbsent(layer, d -> new ArrayList<>()).add(repository);
            }
            Set<Digest> revisions = new HashSet<>(digestsUnder(RegistryLayout.manifestRevisions(repository)));
            Set<Digest> kept = new HashSet<>();
            if (!properties.deleteUntagged()) {
                keep(repository, revisions, revisions, kept);
                return;
            }
            keep(repository, tags.targets(repository), revisions, kept);
            if (!dryRun) {
                kept.forEach(revision -> storage.delete(RegistryLayout.manifestUntaggedSince(repository, revision)));
            }
            for (Digest revision : revisions) {
                if (kept.contains(revision)) {
                    continue;
                }
                boolean removed = graceOver(() -> untaggedSince(repository, revision))
                        && (dryRun ? !guard.isUsed(revision) : guard.removeUnlessUsed(revision, () -> removeRevision(repository, revision)));
                if (removed) {
                    tally.manifestsSwept++;
                } else {
                    keep(repository, Set.of(revision), revisions, kept); // in its grace period, or pushed or tagged during the run
                }
                tally.tick();
            }
        }

        /** When a run first found the revision unreached by tags, recorded in the revision's folder. */
        private Instant untaggedSince(RepositoryName repository, Digest revision) {
            return firstSeen(RegistryLayout.manifestUntaggedSince(repository, revision));
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
                tally.manifestsKept++;
                marked.addAll(manifest.get().references());
                if (properties.deleteUntagged()) {
                    manifest.get().manifests().forEach(child -> pending.push(child.digest()));
                    pending.addAll(referrers.referrersOf(repository, digest));
                }
                tally.tick();
            }
        }

        /** The manifest, or empty when it was deleted meanwhile or its content is gone (it then references nothing stored). */
        private Optional<Manifest> read(RepositoryName repository, Digest digest) {
            try {
                return Optional.of(manifests.parsed(repository, digest));
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

        private void sweepBlobs() {
            Map<Digest, Instant> unreferencedSince = unreferencedRecords();
            Set<Digest> stored = new HashSet<>();
            for (Digest blob : digestsUnder(RegistryLayout.BLOBS)) {
                stored.add(blob);
                Optional<Long> size = storage.size(RegistryLayout.blobData(blob));
                if (size.isEmpty()) {
                    continue;
                }
                Instant since = unreferencedSince.get(blob);
                if (marked.contains(blob)) {
                    tally.blobsMarked++;
                    tally.bytesMarked += size.get();
                    if (since != null && !dryRun) {
                        storage.delete(RegistryLayout.unreferencedSince(blob));
                    }
                } else if (!graceOver(() -> since != null ? since : firstSeen(RegistryLayout.unreferencedSince(blob)))) {
                    keptForGrace(size.get());
                } else if (dryRun ? guard.isUsed(blob) : !guard.removeUnlessUsed(blob, () -> removeBlob(blob))) {
                    keptForGrace(size.get());
                } else {
                    tally.blobsSwept++;
                    tally.bytesSwept += size.get();
                    if (dryRun) {
                        tally.layerLinksRemoved += linkedIn.getOrDefault(blob, List.of()).size();
                    }
                }
                tally.tick();
            }
            if (!dryRun) {
                for (Digest orphan : unreferencedSince.keySet()) {
                    if (!stored.contains(orphan)) {
                        storage.delete(RegistryLayout.unreferencedSince(orphan));
                    }
                }
            }
        }

        /** Whether something stayed unreferenced for the grace period; asks when it was first seen so only when there is a grace period. */
        private boolean graceOver(Supplier<Instant> unreferencedSince) {
            return properties.grace().isZero() || !unreferencedSince.get().isAfter(now.minus(properties.grace()));
        }

        private void keptForGrace(long size) {
            tally.blobsKeptForGrace++;
            tally.bytesKeptForGrace += size;
        }

        private void removeBlob(Digest blob) {
            storage.delete(RegistryLayout.blob(blob));
            for (RepositoryName repository : linkedIn.getOrDefault(blob, List.of())) {
                if (storage.delete(RegistryLayout.layer(repository, blob))) {
                    tally.layerLinksRemoved++;
                }
            }
            storage.delete(RegistryLayout.unreferencedSince(blob));
        }

        /** When runs first found each blob unreferenced; a record that cannot be read counts as made now. */
        private Map<Digest, Instant> unreferencedRecords() {
            Map<Digest, Instant> result = new HashMap<>();
            for (Digest blob : digestsUnder(RegistryLayout.UNREFERENCED)) {
                storage.read(RegistryLayout.unreferencedSince(blob)).ifPresent(record -> result.put(blob, instant(record)));
            }
            return result;
        }

        private void expireUploads() {
            Instant cutoff = now.minus(properties.uploadExpiry());
            List<UploadFolder> found = new ArrayList<>();
            collectUploads(RegistryLayout.UPLOADS, found);
            for (UploadFolder upload : found) {
                Optional<Instant> started = storage.read(upload.started()).flatMap(Run::instantIn);
                if (started.isPresent() && started.get().isBefore(cutoff) && (dryRun || uploads.expire(upload))) {
                    tally.uploadsExpired++;
                }
                tally.tick();
            }
        }

        /** When a run first recorded something at the path: the record's time, or now when this run makes it. */
        private Instant firstSeen(String record) {
            Optional<byte[]> seen = storage.read(record);
            if (seen.isPresent()) {
                return instant(seen.get());
            }
            if (!dryRun) {
                storage.write(record, now.toString().getBytes(StandardCharsets.UTF_8));
            }
            return now;
        }

        private Instant instant(byte[] record) {
            return instantIn(record).orElse(now);
        }

        private static Optional<Instant> instantIn(byte[] record) {
            try {
                return Optional.of(Instant.parse(new String(record, StandardCharsets.UTF_8).trim()));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }

    /** The repositories below the folder: those holding manifests or layers. Listed level by level, since they come and go meanwhile. */
    private void collectRepositories(String folder, Set<RepositoryName> result) {
        for (String child : storage.list(folder)) {
            String name = RegistryLayout.name(child);
            if (name.equals(RegistryLayout.MANIFESTS) || name.equals(RegistryLayout.LAYERS)) {
                result.add(new RepositoryName(folder.substring(RegistryLayout.REPOSITORIES.length() + 1)));
            } else if (!name.startsWith("_")) {
                collectRepositories(child, result);
            }
        }
    }

    /** The upload folders below the folder; listed level by level, since uploads come and go meanwhile. */
    private void collectUploads(String folder, List<UploadFolder> result) {
        for (String child : storage.list(folder)) {
            Optional<UploadFolder> upload = RegistryLayout.uploadAt(child);
            if (upload.isPresent()) {
                result.add(upload.get());
            } else if (!RegistryLayout.name(child).startsWith("_")) {
                collectUploads(child, result);
            }
        }
    }

    /** The digests of a folder keyed as {@code <alg>/<2 hex>/<hex>}. */
    private List<Digest> digestsUnder(String root) {
        List<Digest> result = new ArrayList<>();
        for (String algorithm : storage.list(root)) {
            for (String prefix : storage.list(algorithm)) {
                for (String hex : storage.list(prefix)) {
                    try {
                        result.add(RegistryLayout.digestAt(hex));
                    } catch (RegistryException e) {
                        log.warn("Ignoring {}: not a digest", hex);
                    }
                }
            }
        }
        return result;
    }
}
