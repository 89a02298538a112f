package dev.berth.registry.gc;

import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.store.RegistryStorage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;

/** What the phases of one run share: whether it only reports, its clock reading, its counts, and the grace records. */
final class GcRun {
    /** A time record is an ISO instant; anything longer is not one. */
    static final int RECORD_MAX = 256;

    final boolean dryRun;
    final Instant now;
    final Tally tally;
    private final RegistryStorage storage;
    private final Duration grace;
    private final Logger log;

    GcRun(boolean dryRun, Instant now, Tally tally, RegistryStorage storage, Duration grace, Logger log) {
        this.dryRun = dryRun;
        this.now = now;
        this.tally = tally;
        this.storage = storage;
        this.grace = grace;
        this.log = log;
    }

    /** Whether something stayed unreferenced for the grace period; asks when it was first seen only when there is one. */
    boolean graceOver(Supplier<Instant> unreferencedSince) {
        return grace.isZero() || !unreferencedSince.get().isAfter(now.minus(grace));
    }

    /** When a run first recorded something at the path: the record's time, or now when this run makes it. */
    Instant firstSeen(String record) {
        Optional<byte[]> seen = storage.read(record, RECORD_MAX);
        if (seen.isPresent()) {
            return instant(seen.get());
        }
        if (!dryRun) {
            storage.write(record, now.toString().getBytes(StandardCharsets.UTF_8));
        }
        return now;
    }

    /** A record's time; one that cannot be read counts as made now. */
    Instant instant(byte[] record) {
        return instantIn(record).orElse(now);
    }

    static Optional<Instant> instantIn(byte[] record) {
        try {
            return Optional.of(Instant.parse(new String(record, StandardCharsets.UTF_8).trim()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The digests of a folder keyed as {@code <alg>/<2 hex>/<hex>}. */
    List<Digest> digestsUnder(String root) {
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
