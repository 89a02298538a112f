package dev.berth.storage.ipfs;

import dev.berth.storage.FileInfo;
import dev.berth.storage.FileWriter;
import dev.berth.storage.OpenedFile;
import dev.berth.storage.PathNotFoundException;
import dev.berth.storage.StorageDriver;
import dev.berth.storage.StoragePath;
import dev.berth.storage.UnsupportedStorageOperationException;
import dev.berth.storage.ipfs.kubo.FilesCommands.Stat;
import dev.berth.storage.ipfs.kubo.KuboClient;
import dev.berth.storage.ipfs.kubo.LsCommand.Link;
import java.io.IOException;
import java.io.InputStream;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A read-only driver over an immutable tree, {@code /ipfs/<cid>}, that the Kubo node fetches from
 * its peers (bitswap) as it is read: the storage path {@code /a/b} is {@code /ipfs/<cid>/a/b}.
 * Writes are refused. Every call is bounded by the client's timeout, so content that no reachable
 * peer provides fails with a {@code StorageUnavailableException} instead of waiting for good.
 * The client is shared and not closed here.
 */
public final class IpfsTreeDriver implements StorageDriver {
    public static final String NAME = "ipfs-tree";
    /** {@code /ipfs/<cid>}, or a folder below it (a DNSLink may point into a tree). */
    private static final Pattern TREE = Pattern.compile("/ipfs/[A-Za-z0-9]+(?:/[A-Za-z0-9._-]+)*");

    private final KuboClient kubo;
    private final String tree;
    private final CidReads reads;

    private IpfsTreeDriver(KuboClient kubo, String tree) {
        this.kubo = kubo;
        this.tree = tree;
        this.reads = new CidReads(kubo, NAME);
    }

    /** The tree {@code /ipfs/<cid>[/folder...]} read through the given client. */
    public static IpfsTreeDriver of(KuboClient kubo, String tree) {
        if (!isTree(tree)) {
            throw new IllegalArgumentException("a tree is /ipfs/<cid>[/folder...], not " + tree);
        }
        return new IpfsTreeDriver(kubo, tree);
    }

    /** Whether the path names an immutable tree this driver can read. */
    public static boolean isTree(String path) {
        return path != null && TREE.matcher(path).matches()
                && java.util.Arrays.stream(path.split("/")).noneMatch(segment -> segment.equals(".") || segment.equals(".."));
    }

    /** {@code /ipfs/<cid>[/folder...]}. */
    public String tree() {
        return tree;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public InputStream reader(String path, long offset) throws IOException {
        return open(path, offset, Long.MAX_VALUE).content();
    }

    @Override
    public InputStream reader(String path, long offset, long length) throws IOException {
        return open(path, offset, length).content();
    }

    @Override
    public OpenedFile open(String path, long offset, long length) throws IOException {
        return reads.open(path, inTree(path), offset, length);
    }

    /** {@code cat} of the CID: blocks come from peers as they are read, each checked against its CID by Kubo. */
    @Override
    public InputStream readContent(String contentId, long offset, long length) throws IOException {
        return reads.readContent(contentId, offset, length);
    }

    @Override
    public FileInfo stat(String path) throws IOException {
        return CidReads.info(path, statOf(path));
    }

    @Override
    public List<String> list(String path) throws IOException {
        if (!statOf(path).isDirectory()) {
            throw new PathNotFoundException(NAME, path);
        }
        StoragePath folder = StoragePath.of(path);
        try {
            return kubo.ls().ls(inTree(path)).stream()
                    .map(Link::name)
                    .filter(name -> StoragePath.problemWith("/" + name) == null)
                    .sorted(Comparator.naturalOrder())
                    .map(name -> folder.child(name).value())
                    .toList();
        } catch (IOException e) {
            throw Failures.of(NAME, path, e);
        }
    }

    @Override
    public FileWriter writer(String path, boolean append) throws IOException {
        throw readOnly(path, "writer");
    }

    @Override
    public void move(String sourcePath, String destPath) throws IOException {
        throw readOnly(sourcePath, "move");
    }

    @Override
    public void delete(String path) throws IOException {
        throw readOnly(path, "delete");
    }

    private Stat statOf(String path) throws IOException {
        try {
            return kubo.files().stat(inTree(path));
        } catch (IOException e) {
            throw Failures.of(NAME, path, e);
        }
    }

    private String inTree(String path) {
        return path.equals("/") ? tree : tree + path;
    }

    private static UnsupportedStorageOperationException readOnly(String path, String operation) {
        return new UnsupportedStorageOperationException(NAME, path, operation + " on a read-only /ipfs tree");
    }
}
