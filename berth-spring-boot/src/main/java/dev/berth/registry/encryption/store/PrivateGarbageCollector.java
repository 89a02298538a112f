package dev.berth.registry.encryption.store;

import dev.berth.registry.encryption.NameScheme;
import dev.berth.registry.encryption.store.Records.ManifestRecord;
import dev.berth.registry.gc.GcProperties;
import dev.berth.registry.gc.GcReport;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.oci.Manifest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;

/**
 * Garbage collection of the private tree, with the public collector's rules ({@code berth.gc.*}):
 * staged uploads idle for {@code upload-expiry} go; every blob a manifest of a private repository
 * names is marked; an unmarked blob goes, with the repositories' records of it, once a run found it
 * unreferenced at least {@code grace} ago and no request used its digest during this run. Manifests
 * are all kept ({@code delete-untagged} applies to public repositories only). Blobs are known here
 * by their keyed names, so marks are kept per scheme.
 */
public final class PrivateGarbageCollector {
    private static final Logger log = LoggerFactory.getLogger(PrivateGarbageCollector.class);

    private final PrivateRepositories repositories;
    private final PrivateTree tree;
    private final GcProperties properties;
    private final ObjectMapper json;
    private final Clock clock;
    private final ReentrantLock oneRunAtATime = new ReentrantLock();

    public PrivateGarbageCollector(PrivateRepositories repositories, GcProperties properties, ObjectMapper json, Clock clock) {
        this.repositories = repositories;
        this.tree = repositories.tree();
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    public GcProperties properties() {
        return properties;
    }

    public GcReport run(boolean dryRun) {
        oneRunAtATime.lock();
        try {
            return execute(dryRun);
        } finally {
            oneRunAtATime.unlock();
        }
    }

    private GcReport execute(boolean dryRun) {
        long started = System.nanoTime();
        Instant now = clock.instant();
        Run run = new Run(dryRun, now);
        PrivateSweepGuard guard = repositories.guard();
        guard.runStarts();
        try {
            run.uploadsExpired = repositories.uploads().expireIdle(now.minus(properties.uploadExpiry()), dryRun);
            mark(run);
            sweep(run, guard);
        } finally {
            guard.runEnds();
        }
        GcReport report = new GcReport(dryRun, run.repositories, run.manifestsKept, 0, run.blobsMarked, run.bytesMarked,
                run.blobsSwept, run.bytesSwept, run.blobsKeptForGrace, run.bytesKeptForGrace, run.layerLinksRemoved,
                run.uploadsExpired, Duration.ofNanos(System.nanoTime() - started));
        if (!dryRun && (report.blobsSwept() > 0 || report.layerLinksRemoved() > 0)) {
            repositories.announceChange();
        }
        log.info("Garbage collection of private repositories {}", report.summary());
        return report;
    }

    /** Marks, under every scheme, the blobs that the manifests of every private repository name. */
    private void mark(Run run) {
        List<NameScheme> schemes = tree.schemes();
        for (RepositoryFolder folder : tree.allFolders()) {
            run.repositories++;
            for (String layer : tree.fannedOut(folder.layers())) {
                run.linkedIn.computeIfAbsent(PrivateLayout.name(layer), key -> new ArrayList<>()).add(layer);
            }
            for (String path : tree.fannedOut(folder.manifests())) {
                // a manifest that cannot be read stops the run before anything is swept: what it names is unknown
                Optional<byte[]> record = tree.open(path, folder.manifestBinding(path), "a manifest of " + folder.name());
                if (record.isEmpty()) {
                    continue;
                }
                ManifestRecord stored = ManifestRecord.decode(record.get());
                Manifest manifest = Manifest.parse(json, stored.content(), Optional.of(stored.mediaType()));
                run.manifestsKept++;
                for (Digest blob : manifest.blobs()) {
                    schemes.forEach(scheme -> run.marked.add(scheme.blobKey(blob)));
                }
            }
        }
    }

    private void sweep(Run run, PrivateSweepGuard guard) {
        Map<String, Instant> unreferencedSince = new HashMap<>();
        for (String record : tree.fannedOut(PrivateLayout.UNREFERENCED)) {
            tree.storage().read(record).ifPresent(time -> unreferencedSince.put(PrivateLayout.name(record), run.instant(time)));
        }
        Set<String> stored = new HashSet<>();
        for (String blob : tree.fannedOut(PrivateLayout.BLOBS)) {
            String key = PrivateLayout.name(blob);
            stored.add(key);
            Optional<Long> size = tree.storage().size(PrivateLayout.blobData(key));
            if (size.isEmpty()) {
                continue;
            }
            Instant since = unreferencedSince.get(key);
            Predicate<Digest> hasKey = digest -> tree.schemes().stream().anyMatch(scheme -> scheme.blobKey(digest).equals(key));
            if (run.marked.contains(key)) {
                run.blobsMarked++;
                run.bytesMarked += size.get();
                if (since != null && !run.dryRun) {
                    tree.storage().delete(PrivateLayout.unreferencedSince(key));
                }
            } else if (!graceOver(run, since != null ? since : firstSeen(run, key))
                    || (run.dryRun ? guard.anyUsed(hasKey) : !guard.removeUnlessUsed(hasKey, () -> remove(run, key)))) {
                run.blobsKeptForGrace++;
                run.bytesKeptForGrace += size.get();
            } else {
                run.blobsSwept++;
                run.bytesSwept += size.get();
                if (run.dryRun) {
                    run.layerLinksRemoved += run.linkedIn.getOrDefault(key, List.of()).size();
                }
            }
        }
        if (!run.dryRun) {
            unreferencedSince.keySet().stream().filter(key -> !stored.contains(key))
                    .forEach(orphan -> tree.storage().delete(PrivateLayout.unreferencedSince(orphan)));
        }
    }

    private void remove(Run run, String key) {
        tree.storage().delete(PrivateLayout.blob(key));
        for (String layer : run.linkedIn.getOrDefault(key, List.of())) {
            if (tree.storage().delete(layer)) {
                run.layerLinksRemoved++;
            }
        }
        tree.storage().delete(PrivateLayout.unreferencedSince(key));
    }

    private boolean graceOver(Run run, Instant unreferencedSince) {
        return properties.grace().isZero() || !unreferencedSince.isAfter(run.now.minus(properties.grace()));
    }

    /** When a run first found the blob unreferenced: the record's time, or now when this run makes it. */
    private Instant firstSeen(Run run, String key) {
        if (!run.dryRun) {
            tree.storage().write(PrivateLayout.unreferencedSince(key), run.now.toString().getBytes(StandardCharsets.UTF_8));
        }
        return run.now;
    }

    /** The counts and marks of one run. */
    private static final class Run {
        final boolean dryRun;
        final Instant now;
        final Set<String> marked = new HashSet<>();
        final Map<String, List<String>> linkedIn = new HashMap<>();
        long repositories;
        long manifestsKept;
        long blobsMarked;
        long bytesMarked;
        long blobsSwept;
        long bytesSwept;
        long blobsKeptForGrace;
        long bytesKeptForGrace;
        long layerLinksRemoved;
        long uploadsExpired;

        Run(boolean dryRun, Instant now) {
            this.dryRun = dryRun;
            this.now = now;
        }

        /** A record's time; one that cannot be read counts as made now. */
        Instant instant(byte[] record) {
            try {
                return Instant.parse(new String(record, StandardCharsets.UTF_8).trim());
            } catch (DateTimeParseException e) {
                return now;
            }
        }
    }
}
