package dev.berth.registry.store;

import dev.berth.storage.FileInfo;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What this process knows of files that never change while they exist: a blob's data (named by its
 * digest), a repository's link to a blob, a manifest revision's link and media type. A positive
 * cache only (absence is always asked of storage), bounded in entries and in bytes, and emptied
 * whole when full. Kept by {@link RegistryStorage}: its writes refresh entries and its deletes drop
 * every entry at or below the deleted path, garbage collection's included. Another process's deletes
 * are not seen; processes sharing one storage rely on garbage collection's grace period, as they do
 * for everything else.
 *
 * <p>What a caller read is remembered only when nothing was forgotten since it began to read
 * ({@link #epoch()}): a read that started before a delete and ended after it would otherwise bring a
 * deleted file back (a blob HEAD answered 200 after its DELETE while the derived trees were reading).
 */
final class ContentAddressedCache {
    static final int MAX_ENTRIES = 200_000;
    static final long MAX_CONTENT_BYTES = 32L << 20;
    /** Files up to this size keep their bytes too: links, media types, most manifests. */
    static final int MAX_CONTENT = 64 * 1024;

    /** What is known of one file: what storage said of it, its bytes, or only its size (written here). */
    record Known(Optional<FileInfo> info, Optional<byte[]> content, Optional<Long> size) {
        Known merge(Known newer) {
            return new Known(newer.info.or(() -> info), newer.content.or(() -> content), newer.size.or(() -> size));
        }

        long bytes() {
            return content.map(bytes -> bytes.length).orElse(0);
        }
    }

    private final ConcurrentSkipListMap<String, Known> entries = new ConcurrentSkipListMap<>();
    private final AtomicLong contentBytes = new AtomicLong();
    /** The number of entries, counted as they come and go: the map's own size() walks it all. */
    private final AtomicLong count = new AtomicLong();
    /** How many forgets there were; guarded by this, with every change to the entries. */
    private long forgets;

    /** Whether files at this path are named by what they hold, so that what is known of them stays true. */
    static boolean holds(String path) {
        if (path.startsWith("/blobs/")) {
            return path.endsWith("/data");
        }
        if (!path.startsWith("/repositories/")) {
            return false;
        }
        return path.contains("/_layers/") && path.endsWith("/link")
                || path.contains("/_manifests/revisions/") && (path.endsWith("/link") || path.endsWith("/mediatype"));
    }

    Optional<FileInfo> info(String path) {
        Known known = entries.get(path);
        return known == null ? Optional.empty() : known.info();
    }

    Optional<Long> size(String path) {
        Known known = entries.get(path);
        if (known == null) {
            return Optional.empty();
        }
        return known.info().map(FileInfo::size).or(known::size).or(() -> known.content().map(bytes -> (long) bytes.length));
    }

    Optional<byte[]> content(String path) {
        Known known = entries.get(path);
        return known == null ? Optional.empty() : known.content().map(byte[]::clone);
    }

    /** Taken before reading storage and handed to {@code remember}: what was read then may be stale now. */
    synchronized long epoch() {
        return forgets;
    }

    void remember(String path, FileInfo info, long readSince) {
        put(path, new Known(Optional.of(info), Optional.empty(), Optional.empty()), readSince);
    }

    void remember(String path, byte[] content, long readSince) {
        put(path, content.length <= MAX_CONTENT
                ? new Known(Optional.empty(), Optional.of(content.clone()), Optional.empty())
                : new Known(Optional.empty(), Optional.empty(), Optional.of((long) content.length)), readSince);
    }

    /** Forgets the path and everything below it. */
    synchronized void forget(String path) {
        forgets++;
        Known removed = entries.remove(path);
        if (removed != null) {
            contentBytes.addAndGet(-removed.bytes());
            count.decrementAndGet();
        }
        // '0' follows '/': this range is exactly the paths below the folder.
        var below = entries.subMap(path + "/", true, path + "0", false);
        for (String key : below.keySet()) {
            Known gone = entries.remove(key);
            if (gone != null) {
                contentBytes.addAndGet(-gone.bytes());
                count.decrementAndGet();
            }
        }
    }

    private synchronized void put(String path, Known known, long readSince) {
        if (!holds(path) || readSince != forgets) {
            return;
        }
        if (count.get() >= MAX_ENTRIES || contentBytes.get() > MAX_CONTENT_BYTES) {
            entries.clear();
            contentBytes.set(0);
            count.set(0);
        }
        Known before = entries.get(path);
        Known merged = before == null ? known : before.merge(known);
        entries.put(path, merged);
        if (before == null) {
            count.incrementAndGet();
        }
        contentBytes.addAndGet(merged.bytes() - (before == null ? 0 : before.bytes()));
    }
}
