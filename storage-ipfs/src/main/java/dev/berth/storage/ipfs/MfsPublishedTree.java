package dev.berth.storage.ipfs;

import dev.berth.storage.InvalidPathException;
import dev.berth.storage.PathNotFoundException;
import dev.berth.storage.StorageFailureException;
import dev.berth.storage.ipfs.kubo.KuboClient;
import dev.berth.storage.ipfs.kubo.NameCommands;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@link PublishedTree} of an {@link IpfsStorageDriver}: its MFS root. Every change takes the
 * driver's tree lock ({@link Mfs}), so it never races the driver's own changes (Kubo's MFS loses
 * concurrent ones).
 */
final class MfsPublishedTree implements PublishedTree {
    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._:-]+)+");

    private final Mfs mfs;
    private final KuboClient kubo;
    private final MfsLayout layout;
    private final MfsUploads uploads;

    MfsPublishedTree(Mfs mfs, MfsLayout layout, MfsUploads uploads) {
        this.mfs = mfs;
        this.kubo = mfs.kubo();
        this.layout = layout;
        this.uploads = uploads;
    }

    /** As the driver's small files: an identity CID, or a pinned import linked in one call. */
    @Override
    public void write(String path, byte[] content) throws IOException {
        mfs(path);
        translating(path, () -> {
            uploads.put(path, content);
            return null;
        });
    }

    /**
     * One {@code files/cp --parents --force} from the source's MFS path (replacing the same content
     * changes no CID); a folder at the target is removed first, since {@code --force} replaces files only.
     */
    @Override
    public void link(String source, String target) throws IOException {
        String from = mfs(source);
        String to = mfs(target);
        translating(source, () -> {
            try {
                mfs.link(from, to, target);
            } catch (StorageFailureException folderInTheWay) {
                mfs.change(() -> {
                    kubo.files().removeIfPresent(to);
                    kubo.files().link(from, to);
                    return null;
                });
            }
            return null;
        });
    }

    @Override
    public void move(String source, String target) throws IOException {
        String from = mfs(source);
        String to = mfs(target);
        translating(source, () -> mfs.change(() -> {
            kubo.files().removeIfPresent(to);
            kubo.files().link(from, to);
            kubo.files().rm(from);
            return null;
        }));
    }

    @Override
    public boolean remove(String path) throws IOException {
        String target = mfs(path);
        return translating(path, () -> mfs.removeIfPresent(target));
    }

    @Override
    public boolean exists(String path) throws IOException {
        String target = mfs(path);
        return translating(path, () -> mfs.statIfPresent(target).isPresent());
    }

    @Override
    public List<String> list(String path) throws IOException {
        String folder = mfs(path);
        return translating(path, () -> mfs.statIfPresent(folder).isEmpty()
                ? List.<String>of()
                : kubo.files().ls(folder).stream().map(entry -> entry.name()).sorted().toList());
    }

    @Override
    public String cid(String path) throws IOException {
        String target = mfs(path);
        return translating(path, () -> {
            if (path.equals("/")) {
                mfs.mkdirs(target); // a registry that has stored nothing yet
            } else if (mfs.statIfPresent(target).isEmpty()) {
                throw new PathNotFoundException(IpfsStorageDriver.NAME, path);
            }
            return mfs.flush(target); // a flush propagates to the root: a change like any other
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
