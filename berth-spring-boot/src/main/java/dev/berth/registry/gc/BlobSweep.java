package dev.berth.registry.gc;

import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.store.RegistryStorage;
import dev.berth.registry.store.SweepGuard;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The last phase: unmarked blobs go, with the repositories' links to them, once the grace period
 * since a run first found them unreferenced is over ({@link RegistryLayout#unreferencedSince}) and
 * no request used them during this run. Deletes go through the storage driver; on IPFS that unlinks
 * the files from MFS, and since Berth imports with {@code pin=false}, Kubo's {@code repo gc} can then
 * reclaim their blocks.
 */
final class BlobSweep {
    private final RegistryStorage storage;
    private final SweepGuard guard;
    private final GcRun run;
    private final Marking marks;

    BlobSweep(RegistryStorage storage, SweepGuard guard, GcRun run, Marking marks) {
        this.storage = storage;
        this.guard = guard;
        this.run = run;
        this.marks = marks;
    }

    void run() {
        Map<Digest, Instant> unreferencedSince = unreferencedRecords();
        Set<Digest> stored = new HashSet<>();
        for (Digest blob : run.digestsUnder(RegistryLayout.BLOBS)) {
            stored.add(blob);
            Optional<Long> size = storage.size(RegistryLayout.blobData(blob));
            if (size.isEmpty()) {
                continue;
            }
            Instant since = unreferencedSince.get(blob);
            if (marks.marked.contains(blob)) {
                run.tally.blobsMarked++;
                run.tally.bytesMarked += size.get();
                if (since != null && !run.dryRun) {
                    storage.delete(RegistryLayout.unreferencedSince(blob));
                }
            } else if (!run.graceOver(() -> since != null ? since : run.firstSeen(RegistryLayout.unreferencedSince(blob)))) {
                keptForGrace(size.get());
            } else if (run.dryRun ? guard.isUsed(blob) : !guard.removeUnlessUsed(blob, () -> remove(blob))) {
                keptForGrace(size.get());
            } else {
                run.tally.blobsSwept++;
                run.tally.bytesSwept += size.get();
                if (run.dryRun) {
                    run.tally.layerLinksRemoved += marks.linkedIn.getOrDefault(blob, List.of()).size();
                }
            }
            run.tally.tick();
        }
        if (!run.dryRun) {
            for (Digest orphan : unreferencedSince.keySet()) {
                if (!stored.contains(orphan)) {
                    storage.delete(RegistryLayout.unreferencedSince(orphan));
                }
            }
        }
    }

    private void keptForGrace(long size) {
        run.tally.blobsKeptForGrace++;
        run.tally.bytesKeptForGrace += size;
    }

    private void remove(Digest blob) {
        storage.delete(RegistryLayout.blob(blob));
        for (RepositoryName repository : marks.linkedIn.getOrDefault(blob, List.of())) {
            if (storage.delete(RegistryLayout.layer(repository, blob))) {
                run.tally.layerLinksRemoved++;
            }
        }
        storage.delete(RegistryLayout.unreferencedSince(blob));
    }

    /** When runs first found each blob unreferenced. */
    private Map<Digest, Instant> unreferencedRecords() {
        Map<Digest, Instant> result = new HashMap<>();
        for (Digest blob : run.digestsUnder(RegistryLayout.UNREFERENCED)) {
            storage.read(RegistryLayout.unreferencedSince(blob), GcRun.RECORD_MAX).ifPresent(record -> result.put(blob, run.instant(record)));
        }
        return result;
    }
}
