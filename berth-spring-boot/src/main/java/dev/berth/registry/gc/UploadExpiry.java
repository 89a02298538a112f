package dev.berth.registry.gc;

import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.layout.RegistryLayout.UploadFolder;
import dev.berth.registry.store.RegistryStorage;
import dev.berth.registry.uploads.UploadLocks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The first phase: uploads that started longer than {@code upload-expiry} ago are removed, pending
 * bytes included. An upload commits a {@code started} file holding its start time when it begins
 * (drivers neither list pending content nor, on IPFS, keep modification times). Removal waits for
 * a request in progress on the upload, so it never cuts one short.
 */
final class UploadExpiry {
    private final RegistryStorage storage;
    private final UploadLocks locks;
    private final Duration expiry;

    UploadExpiry(RegistryStorage storage, UploadLocks locks, Duration expiry) {
        this.storage = storage;
        this.locks = locks;
        this.expiry = expiry;
    }

    void run(GcRun run) {
        Instant cutoff = run.now.minus(expiry);
        List<UploadFolder> found = new ArrayList<>();
        collect(RegistryLayout.UPLOADS, found);
        for (UploadFolder upload : found) {
            Optional<Instant> started = storage.read(upload.started(), GcRun.RECORD_MAX).flatMap(GcRun::instantIn);
            if (started.isPresent() && started.get().isBefore(cutoff)
                    && (run.dryRun || locks.locked(upload.key(), () -> storage.delete(upload.path())))) {
                run.tally.uploadsExpired++;
            }
            run.tally.tick();
        }
    }

    /** The upload folders below the folder; listed level by level, since uploads come and go meanwhile. */
    private void collect(String folder, List<UploadFolder> result) {
        for (String child : storage.list(folder)) {
            Optional<UploadFolder> upload = RegistryLayout.uploadAt(child);
            if (upload.isPresent()) {
                result.add(upload.get());
            } else if (!RegistryLayout.name(child).startsWith("_")) {
                collect(child, result);
            }
        }
    }
}
