package dev.berth.registry.store;

import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.naming.Page;
import dev.berth.registry.naming.PageRequest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.storage.FileInfo;
import dev.berth.storage.StorageDriver.WalkControl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Finds the repositories a tree laid out by {@link RegistryLayout} holds: every folder below
 * {@code /repositories} with manifests or layers of its own. Folders that go while the walk runs
 * are skipped (the driver's walk does so).
 *
 * <p>The walk enters only folders that can hold a wanted name. A folder whose path is not a
 * repository name holds none (a tree from elsewhere may hold anything); every name below folder
 * {@code p} is {@code p} or starts with {@code p/}, so when a page already has its candidates and
 * {@code p} sorts after the last of them, or when every name starting with {@code p/} sorts before
 * the page's {@code last}, the folder is not entered. The walk still goes in path order, which is
 * not name order ({@code a-b} sorts before {@code a/c}, {@code -} and {@code .} before {@code /}),
 * so candidates are kept sorted and only the page's worth of them.
 */
public final class RepositoryDiscovery {
    private RepositoryDiscovery() {
    }

    /**
     * How much of a tree a walk may visit: entries (files and folders) and time. Past either the walk
     * fails with {@link TooLarge}: a tree from elsewhere can be built to be walked for ever.
     */
    public record Bounds(long maxEntries, Optional<Duration> maxTime) {
        /** This registry's own tree: no bound but its size. */
        public static final Bounds NONE = new Bounds(Long.MAX_VALUE, Optional.empty());

        public Bounds {
            if (maxEntries < 1) {
                throw new IllegalArgumentException("a walk visits at least one entry: " + maxEntries);
            }
        }
    }

    /** A walk went past its {@link Bounds}; nothing it found is complete. */
    public static final class TooLarge extends RuntimeException {
        TooLarge(String message) {
            super(message);
        }
    }

    /** The page of the tree's repositories a catalog request asks for. */
    public static Page page(RegistryStorage storage, PageRequest request) {
        int limit = request.n().orElse(Integer.MAX_VALUE);
        List<String> found = walk(storage, request.last(), limit == Integer.MAX_VALUE ? limit : limit + 1, Bounds.NONE).stream()
                .map(RepositoryName::value).toList();
        return found.size() > limit ? new Page(found.subList(0, limit), limit > 0) : new Page(found, false);
    }

    /** Up to {@code limit} repositories, the first in name order. */
    public static SortedSet<RepositoryName> find(RegistryStorage storage, int limit) {
        return walk(storage, Optional.empty(), limit, Bounds.NONE);
    }

    /** Up to {@code limit} repositories, the first in name order, within the bounds (or {@link TooLarge}). */
    public static SortedSet<RepositoryName> find(RegistryStorage storage, int limit, Bounds bounds) {
        return walk(storage, Optional.empty(), limit, bounds);
    }

    private static SortedSet<RepositoryName> walk(RegistryStorage storage, Optional<String> after, int keep, Bounds bounds) {
        Walk walk = new Walk(after, keep, bounds);
        if (keep == 0 || !storage.exists(RegistryLayout.REPOSITORIES)) {
            return walk.found;
        }
        try {
            storage.driver().walk(RegistryLayout.REPOSITORIES, walk::visit);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (walk.outOfBounds != null) {
            throw new TooLarge(walk.outOfBounds);
        }
        return walk.found;
    }

    /** One walk's state: the candidates so far and what is left of its bounds. */
    private static final class Walk {
        private static final String PREFIX = RegistryLayout.REPOSITORIES + "/";

        final SortedSet<RepositoryName> found = new TreeSet<>();
        private final Optional<String> after;
        private final int keep;
        private final Bounds bounds;
        private final long deadline;
        private long entries;
        /** Why the walk stopped short, if it did (the driver's walk would wrap an exception thrown from here). */
        String outOfBounds;

        Walk(Optional<String> after, int keep, Bounds bounds) {
            this.after = after;
            this.keep = keep;
            this.bounds = bounds;
            this.deadline = bounds.maxTime().map(time -> System.nanoTime() + time.toNanos()).orElse(Long.MAX_VALUE);
        }

        WalkControl visit(FileInfo info) {
            if (++entries > bounds.maxEntries()) {
                outOfBounds = "the tree has more than " + bounds.maxEntries() + " entries to search";
                return WalkControl.STOP;
            }
            if (System.nanoTime() - deadline > 0) {
                outOfBounds = "searching the tree took longer than " + bounds.maxTime().orElseThrow();
                return WalkControl.STOP;
            }
            if (!info.directory()) {
                return WalkControl.CONTINUE;
            }
            String segment = RegistryLayout.name(info.path());
            String folder = info.path().substring(PREFIX.length());
            if ((segment.equals(RegistryLayout.MANIFESTS) || segment.equals(RegistryLayout.LAYERS)) && !folder.equals(segment)) {
                offer(folder.substring(0, folder.length() - segment.length() - 1));
                return WalkControl.SKIP_CHILDREN;
            }
            return segment.startsWith("_") || !isName(folder) || holdsNoneWanted(folder) ? WalkControl.SKIP_CHILDREN : WalkControl.CONTINUE;
        }

        private void offer(String name) {
            if (after.isPresent() && name.compareTo(after.get()) <= 0) {
                return;
            }
            found.add(new RepositoryName(name)); // its folder was entered, so it is a name
            if (found.size() > keep) {
                found.removeLast();
            }
        }

        private boolean holdsNoneWanted(String folder) {
            boolean afterEveryCandidate = found.size() >= keep && folder.compareTo(found.getLast().value()) >= 0;
            String below = folder + "/";
            boolean allBeforeLast = after.isPresent() && after.get().compareTo(below) > 0 && !after.get().startsWith(below);
            return afterEveryCandidate || allBeforeLast;
        }

        private static boolean isName(String folder) {
            try {
                new RepositoryName(folder);
                return true;
            } catch (RegistryException notAName) {
                return false;
            }
        }
    }

}
