package dev.berth.storage.ipfs;

import dev.berth.storage.InvalidPathException;
import dev.berth.storage.PathNotFoundException;
import dev.berth.storage.ipfs.kubo.FilesCommands.Stat;
import dev.berth.storage.ipfs.kubo.ImportOptions;
import dev.berth.storage.ipfs.kubo.KuboClient;
import dev.berth.storage.ipfs.kubo.KuboException;
import dev.berth.storage.ipfs.kubo.NameCommands;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@link PublishedTree} of an {@link IpfsStorageDriver}: its MFS root. Every change takes the
 * driver's tree lock, so it never races the driver's own changes (Kubo's MFS loses concurrent ones).
 */
final class MfsPublishedTree implements PublishedTree {
    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._:-]+)+");

    private final KuboClient kubo;
    private final MfsLayout layout;
    private final TreeLock treeChanges;
    private final ImportOptions options;

    MfsPublishedTree(KuboClient kubo, MfsLayout layout, TreeLock treeChanges, ImportOptions options) {
        this.kubo = kubo;
        this.layout = layout;
        this.treeChanges = treeChanges;
        this.options = options;
    }

    @Override
    public void write(String path, byte[] content) throws IOException {
        String target = mfs(path);
        change(path, () -> {
            kubo.files().mkdirs(MfsLayout.parent(target), options);
            removeIfPresent(target);
            kubo.add().addToFiles(new ByteArrayInputStream(content), target, options);
        });
    }

    @Override
    public void link(String source, String target) throws IOException {
        String from = mfs(source);
        String to = mfs(target);
        change(source, () -> {
            Stat stat = stat(from).orElseThrow(() -> new PathNotFoundException(IpfsStorageDriver.NAME, source));
            Optional<Stat> existing = stat(to);
            if (existing.isPresent() && existing.get().hash().equals(stat.hash())) {
                return; // already linked: the same content (a re-push, a tag moved to where it was)
            }
            kubo.files().mkdirs(MfsLayout.parent(to), options);
            if (existing.isPresent()) {
                kubo.files().rm(to);
            }
            kubo.files().cp("/ipfs/" + stat.hash(), to);
        });
    }

    @Override
    public void move(String source, String target) throws IOException {
        String from = mfs(source);
        String to = mfs(target);
        change(source, () -> {
            kubo.files().mkdirs(MfsLayout.parent(to), options);
            removeIfPresent(to);
            kubo.files().mv(from, to);
        });
    }

    @Override
    public boolean remove(String path) throws IOException {
        String target = mfs(path);
        boolean[] removed = {false};
        change(path, () -> removed[0] = removeIfPresent(target));
        return removed[0];
    }

    @Override
    public boolean exists(String path) throws IOException {
        String target = mfs(path);
        return translating(path, () -> stat(target).isPresent());
    }

    @Override
    public List<String> list(String path) throws IOException {
        String folder = mfs(path);
        return translating(path, () -> stat(folder).isEmpty()
                ? List.<String>of()
                : kubo.files().ls(folder).stream().map(entry -> entry.name()).sorted().toList());
    }

    @Override
    public String cid(String path) throws IOException {
        String target = mfs(path);
        return translating(path, () -> {
            if (path.equals("/")) {
                treeChanges.run(() -> kubo.files().mkdirs(target, options)); // a registry that has stored nothing yet
            } else if (stat(target).isEmpty()) {
                throw new PathNotFoundException(IpfsStorageDriver.NAME, path);
            }
            return kubo.files().flush(target);
        });
    }

    @Override
    public String ipnsName(String key) throws IOException {
        return translating("/", () -> {
            for (NameCommands.Key existing : kubo.names().keys()) {
                if (existing.name().equals(key)) {
                    return existing.id();
                }
            }
            return kubo.names().generateKey(key).id();
        });
    }

    @Override
    public String publish(String cid, String key, Duration lifetime) throws IOException {
        return translating("/", () -> kubo.names().publish("/ipfs/" + cid, key, lifetime, true).name());
    }

    private String mfs(String path) throws InvalidPathException {
        if ("/".equals(path)) {
            return layout.root();
        }
        if (path == null || !PATH.matcher(path).matches() || path.contains("/./") || path.contains("/../")
                || path.endsWith("/.") || path.endsWith("/..")) {
            throw new InvalidPathException(IpfsStorageDriver.NAME, path, "not a path of the published tree");
        }
        return layout.root() + path;
    }

    private Optional<Stat> stat(String mfsPath) throws IOException {
        try {
            return Optional.of(kubo.files().stat(mfsPath));
        } catch (KuboException e) {
            if (e.isPathNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private boolean removeIfPresent(String mfsPath) throws IOException {
        try {
            kubo.files().rm(mfsPath);
            return true;
        } catch (KuboException e) {
            if (e.isPathNotFound()) {
                return false;
            }
            throw e;
        }
    }

    /** A change under the tree lock, its failures in the SPI's terms (a missing path, Kubo unavailable). */
    private void change(String path, TreeLock.Change change) throws IOException {
        translating(path, () -> {
            treeChanges.run(change);
            return null;
        });
    }

    private interface Call<T> {
        T call() throws IOException;
    }

    private static <T> T translating(String path, Call<T> call) throws IOException {
        try {
            return call.call();
        } catch (IOException e) {
            throw Failures.of(path, e);
        }
    }
}
