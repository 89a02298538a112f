package dev.berth.registry.ui;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.naming.PageRequest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import dev.berth.registry.repository.Catalog;
import dev.berth.registry.repository.ManifestChange;
import dev.berth.registry.repository.Repository;
import dev.berth.registry.repository.RepositoryLocator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * The home page's view of this registry's repositories (their tags and last push), read through the
 * seam ({@link Catalog}, then each repository's {@code Tags}) and kept in memory, so that the page
 * costs no storage call however many repositories there are. Pushes and deletes in this process
 * ({@link ManifestChange} events) refresh their repository before the next page; everything is read
 * again in the background once the list is older than {@code refresh}, for changes made by other
 * processes sharing the storage.
 */
final class RepositoryIndex {
    private static final Logger log = LoggerFactory.getLogger(RepositoryIndex.class);

    /** One repository: its tags in lexical order and when one was last pushed, if the store knows. */
    record Entry(RepositoryName name, List<String> tags, Optional<Instant> lastPush) {
        Entry {
            Objects.requireNonNull(name, "name");
            tags = List.copyOf(tags);
            Objects.requireNonNull(lastPush, "lastPush");
        }
    }

    /** The entries at one moment, sorted by name. */
    private record Snapshot(List<Entry> entries, Instant readAt) {}

    private final Catalog catalog;
    private final RepositoryLocator locator;
    private final Duration refresh;
    private final Clock clock;
    private final ReentrantLock reading = new ReentrantLock();
    private final ReentrantLock writing = new ReentrantLock();
    private final Set<RepositoryName> changed = ConcurrentHashMap.newKeySet();
    /** When each repository last changed, kept while a full read may have missed it. */
    private final Map<RepositoryName, Instant> changedAt = new ConcurrentHashMap<>();
    private final AtomicBoolean rereading = new AtomicBoolean();
    private volatile Snapshot snapshot;

    RepositoryIndex(Catalog catalog, RepositoryLocator locator, Duration refresh, Clock clock) {
        this.catalog = catalog;
        this.locator = locator;
        this.refresh = refresh;
        this.clock = clock;
    }

    @EventListener
    void onChange(ManifestChange change) {
        changedAt.put(change.repository(), clock.instant());
        changed.add(change.repository());
    }

    /** Reads everything once the registry is up, in the background, so the first visitor does not wait for it. */
    @EventListener(ApplicationReadyEvent.class)
    void onStart() {
        Thread.ofVirtual().name("berth-ui-index").start(() -> {
            try {
                entries();
            } catch (RuntimeException e) {
                log.warn("Reading the repositories for the UI at start failed; the home page reads them when asked: {}", e.toString());
            }
        });
    }

    /** Every repository, sorted by name; read on first use, then kept as described above. */
    List<Entry> entries() {
        Snapshot current = snapshot;
        if (current == null) {
            current = readAll();
        } else if (current.readAt().plus(refresh).isBefore(clock.instant()) && rereading.compareAndSet(false, true)) {
            Thread.ofVirtual().name("berth-ui-index").start(() -> {
                try {
                    readAll();
                } catch (RuntimeException e) {
                    log.warn("Reading the repositories for the UI failed; the last list stays: {}", e.toString());
                } finally {
                    rereading.set(false);
                }
            });
        }
        return changed.isEmpty() ? current.entries() : applyChanges().entries();
    }

    /** When the list was last read in full, if it was. */
    Optional<Instant> readAt() {
        return Optional.ofNullable(snapshot).map(Snapshot::readAt);
    }

    /**
     * Reads every repository, one full read at a time, without holding up pages meanwhile: they answer
     * from the previous list until it is done. Repositories that changed while it read are read again
     * afterwards, since it may have missed their change (reading one twice costs only that).
     */
    private Snapshot readAll() {
        reading.lock();
        try {
            Snapshot current = snapshot;
            if (current != null && !current.readAt().plus(refresh).isBefore(clock.instant())) {
                return current; // read by another caller meanwhile
            }
            Instant started = clock.instant();
            List<RepositoryName> names = catalog.list(PageRequest.all()).entries().stream().map(RepositoryName::new).toList();
            List<Entry> entries = Parallel.map(names, this::read).stream().flatMap(Optional::stream).toList();
            log.debug("UI index: {} repositories read in {} ms", entries.size(), Duration.between(started, clock.instant()).toMillis());
            writing.lock();
            try {
                snapshot = new Snapshot(entries, started);
                // What changed since the read started may be older in it than in the list it replaces: read those again.
                changedAt.forEach((name, at) -> {
                    if (!at.isBefore(started)) {
                        changed.add(name);
                    }
                });
                changedAt.values().removeIf(at -> at.isBefore(started));
                return snapshot;
            } finally {
                writing.unlock();
            }
        } finally {
            reading.unlock();
        }
    }

    /** Reads the changed repositories again into the list. */
    private Snapshot applyChanges() {
        writing.lock();
        try {
            Set<RepositoryName> names = Set.copyOf(changed);
            changed.removeAll(names);
            List<Entry> entries = new ArrayList<>(snapshot.entries().stream().filter(entry -> !names.contains(entry.name())).toList());
            Parallel.map(List.copyOf(names), this::read).forEach(entry -> entry.ifPresent(entries::add));
            entries.sort(Comparator.comparing(Entry::name));
            snapshot = new Snapshot(entries, snapshot.readAt());
            return snapshot;
        } finally {
            writing.unlock();
        }
    }

    /** The repository as it is now; empty when it is gone. */
    private Optional<Entry> read(RepositoryName name) {
        Repository repository = locator.locate(name);
        List<String> tags;
        try {
            tags = repository.tags().list(repository.name(), PageRequest.all()).entries();
        } catch (RegistryException e) {
            if (e.code() == ErrorCode.NAME_UNKNOWN) {
                return Optional.empty();
            }
            throw e;
        }
        Optional<Instant> lastPush = tags.stream()
                .map(tag -> repository.tags().pushedAt(repository.name(), new Tag(tag)))
                .flatMap(Optional::stream)
                .max(Comparator.naturalOrder());
        return Optional.of(new Entry(name, tags, lastPush));
    }
}
