package dev.berth.registry.catalog;

import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.layout.RegistryStorage;
import dev.berth.registry.naming.Page;
import dev.berth.registry.naming.PageRequest;
import dev.berth.storage.StorageDriver.WalkControl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.springframework.stereotype.Service;

/** The repositories the registry holds: every folder below /repositories with content of its own. */
@Service
public class Catalog {
    private final RegistryStorage storage;

    public Catalog(RegistryStorage storage) {
        this.storage = storage;
    }

    public Page list(PageRequest request) {
        SortedSet<String> names = new TreeSet<>();
        if (!storage.exists(RegistryLayout.REPOSITORIES)) {
            return request.apply(List.of());
        }
        String prefix = RegistryLayout.REPOSITORIES + "/";
        try {
            storage.driver().walk(RegistryLayout.REPOSITORIES, info -> {
                if (!info.directory()) {
                    return WalkControl.CONTINUE;
                }
                String name = RegistryLayout.name(info.path());
                if (name.equals(RegistryLayout.MANIFESTS) || name.equals(RegistryLayout.LAYERS)) {
                    String repository = info.path().substring(prefix.length(), info.path().length() - name.length() - 1);
                    names.add(repository);
                    return WalkControl.SKIP_CHILDREN;
                }
                return name.startsWith("_") ? WalkControl.SKIP_CHILDREN : WalkControl.CONTINUE;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return request.apply(List.copyOf(names));
    }
}
