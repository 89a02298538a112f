package dev.berth.registry.gc;

import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.referrers.ReferrerIndex;
import dev.berth.registry.repository.Manifests;
import dev.berth.registry.repository.Tags;
import dev.berth.registry.store.RegistryStorage;
import dev.berth.registry.store.SweepGuard;
import dev.berth.registry.uploads.UploadLocks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;

/**
 * Mark and sweep of content that no manifest references, expiry of abandoned uploads.
 *
 * <p>A run has three phases, each its own class: {@link UploadExpiry} of abandoned uploads,
 * {@link Marking} of what kept manifests reference (and, with {@code delete-untagged}, removal of
 * revisions no tag reaches), and the {@link BlobSweep} of unmarked blobs with the repositories'
 * links to them.
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
 * <p>One run at a time; a dry run reports the same counts and changes nothing.
 */
public class GarbageCollector {
    private static final Logger log = LoggerFactory.getLogger(GarbageCollector.class);

    private final RegistryStorage storage;
    private final Manifests manifests;
    private final Tags tags;
    private final ReferrerIndex referrers;
    private final UploadLocks uploads;
    private final SweepGuard guard;
    private final GcProperties properties;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration progressEvery;
    private final ReentrantLock oneRunAtATime = new ReentrantLock();
    private volatile Completed last;

    /** A run that ended, and when. */
    public record Completed(Instant at, GcReport report) {
        public Completed {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(report, "report");
        }
    }

    public GarbageCollector(RegistryStorage storage, Manifests manifests, Tags tags, ReferrerIndex referrers, UploadLocks uploads,
                            SweepGuard guard, GcProperties properties, ObjectMapper json, Clock clock, Duration progressEvery) {
        this.storage = storage;
        this.manifests = manifests;
        this.tags = tags;
        this.referrers = referrers;
        this.uploads = uploads;
        this.guard = guard;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
        this.progressEvery = progressEvery;
    }

    public GcProperties properties() {
        return properties;
    }

    /** The last run of this process (scheduled, by the endpoint or otherwise), dry or not; empty before the first ends. */
    public Optional<Completed> lastRun() {
        return Optional.ofNullable(last);
    }

    /** Runs once (waiting for a run in progress to end first) and reports. */
    public GcReport run(boolean dryRun) {
        oneRunAtATime.lock();
        try {
            return execute(dryRun);
        } finally {
            oneRunAtATime.unlock();
        }
    }

    private GcReport execute(boolean dryRun) {
        long startedNanos = System.nanoTime();
        log.info("Garbage collection {} starting (grace {}, delete untagged {}, upload expiry {})",
                dryRun ? "dry run" : "run", properties.grace(), properties.deleteUntagged(), properties.uploadExpiry());
        GcRun run = new GcRun(dryRun, clock.instant(), new Tally(log, progressEvery), storage, properties.grace(), log);
        guard.runStarts();
        try {
            run.tally.phase("expiring uploads");
            new UploadExpiry(storage, uploads, properties.uploadExpiry()).run(run);
            run.tally.phase("marking");
            Marking marks = new Marking(storage, manifests, tags, referrers, guard, properties.deleteUntagged(), json, run);
            marks.run();
            run.tally.phase("sweeping blobs");
            new BlobSweep(storage, guard, run, marks).run();
        } finally {
            guard.runEnds();
        }
        GcReport report = run.tally.report(dryRun, Duration.ofNanos(System.nanoTime() - startedNanos));
        log.info("Garbage collection {}", report.summary());
        last = new Completed(clock.instant(), report);
        return report;
    }
}
