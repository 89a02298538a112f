package dev.berth.registry.store;

import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.storage.StorageDriver.WalkControl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Finds the repositories a tree laid out by {@link RegistryLayout} holds: every folder below
 * {@code /repositories} with manifests or layers of its own. Folders that go while the walk runs
 * are skipped (the driver's walk does so).
 */
public final class RepositoryDiscovery {
    private RepositoryDiscovery() {
    }

    /** Up to {@code limit} repositories, sorted; stops walking once more than {@code limit} are found. */
    public static SortedSet<RepositoryName> find(RegistryStorage storage, int limit) {
        SortedSet<RepositoryName> found = new TreeSet<>();
        if (!storage.exists(RegistryLayout.REPOSITORIES)) {
            return found;
        }
        String prefix = RegistryLayout.REPOSITORIES + "/";
        try {
            storage.driver().walk(RegistryLayout.REPOSITORIES, info -> {
                if (!info.directory()) {
                    return WalkControl.CONTINUE;
                }
                String segment = RegistryLayout.name(info.path());
                if (segment.equals(RegistryLayout.MANIFESTS) || segment.equals(RegistryLayout.LAYERS)) {
                    String folder = info.path().substring(prefix.length(), info.path().length() - segment.length() - 1);
                    try {
                        found.add(new RepositoryName(folder));
                    } catch (RegistryException notARepositoryName) {
                        return WalkControl.SKIP_CHILDREN; // a tree from elsewhere may hold anything
                    }
                    return found.size() > limit ? WalkControl.STOP : WalkControl.SKIP_CHILDREN;
                }
                return segment.startsWith("_") ? WalkControl.SKIP_CHILDREN : WalkControl.CONTINUE;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }
}
