package dev.berth.storage.ipfs;

import dev.berth.storage.FileInfo;
import dev.berth.storage.FileWriter;
import dev.berth.storage.OpenedFile;
import dev.berth.storage.PathNotFoundException;
import dev.berth.storage.StorageDriver;
import dev.berth.storage.StoragePath;
import dev.berth.storage.ipfs.kubo.FilesCommands.Entry;
import dev.berth.storage.ipfs.kubo.FilesCommands.Stat;
import dev.berth.storage.ipfs.kubo.ImportOptions;
import dev.berth.storage.ipfs.kubo.KuboClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Stores files in the MFS of a Kubo node, through its RPC API. See {@link MfsLayout} for where
 * committed and pending content live.
 *
 * <p>Content is imported with {@link ImportOptions#BERTH} (CIDv1, raw leaves, sha2-256, 256 KiB
 * chunks), so a blob imported in one piece has the CID that
 * {@code ipfs add --cid-version=1 --raw-leaves --chunker=size-262144} gives on any node. Writes
 * ({@link MfsUploads}) import with a pinned {@code add} outside any lock and link with one
 * {@code files/cp --parents --force} under the tree lock ({@link Mfs}); an append imports only its new
 * bytes and joins them after the old ones ({@link JoinedFile}), so a blob uploaded in several pieces
 * shares its blocks, but not its root CID, with a one-piece import. Small files are identity CIDs
 * ({@link ContentIds}). Reads stream {@code cat /ipfs/<cid>} of the CID that {@code files/stat}
 * reported ({@link CidReads}), so a reader sees one whole version even while the path is replaced,
 * and a range no more than it.
 *
 * <p>MFS keeps no modification times without changing CIDs, so {@link #stat} reports the time of the
 * call. Beyond the SPI it hands out {@link PublishedTree} and {@link KuboStatus} through
 * {@link #unwrap}. Build it with {@link #builder()}; close it to release its connections.
 */
public final class IpfsStorageDriver implements StorageDriver, AutoCloseable {
    public static final String NAME = "ipfs";

    private final KuboClient kubo;
    private final MfsLayout layout;
    private final URI gateway;
    private final Mfs mfs;
    private final MfsUploads uploads;
    private final CidReads reads;
    private final PublishedTree publishedTree;
    private final KuboStatus status = this::kuboVersion;
    private final boolean ownsClient;

    IpfsStorageDriver(KuboClient kubo, MfsLayout layout, URI gateway) {
        this(kubo, layout, gateway, new Mfs(kubo, ImportOptions.BERTH), true);
    }

    private IpfsStorageDriver(KuboClient kubo, MfsLayout layout, URI gateway, Mfs mfs, boolean ownsClient) {
        this.kubo = kubo;
        this.layout = layout;
        this.gateway = gateway;
        this.mfs = mfs;
        this.uploads = new MfsUploads(mfs, layout);
        this.reads = new CidReads(kubo, NAME);
        this.publishedTree = new MfsPublishedTree(mfs, layout, uploads);
        this.ownsClient = ownsClient;
    }

    /**
     * Another driver on this node and connection, below another MFS root (a root CID of its own), whose
     * MFS changes take this driver's lock: changes at once in two folders of MFS lost committed files
     * as in one. Closing it leaves the connection open.
     */
    public IpfsStorageDriver besideAt(String root) {
        return new IpfsStorageDriver(kubo, new MfsLayout(root), gateway, mfs, false);
    }

    public static IpfsStorageDriverBuilder builder() {
        return new IpfsStorageDriverBuilder();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** One {@code files/read} of the MFS path: the current version, in one call. */
    @Override
    public byte[] getContent(String path) throws IOException {
        return Failures.readingFile(path, () -> kubo.files().readAll(layout.committed(path)));
    }

    /** One {@code files/read} with a count, as {@link #getContent(String)} but never past the limit. */
    @Override
    public byte[] getContent(String path, int limit) throws IOException {
        return Failures.readingFile(path, () -> kubo.files().readAtMost(layout.committed(path), limit));
    }

    /**
     * Up to {@value ContentIds#MAX_IDENTITY} bytes: one {@code files/cp} of an identity CID (the CID
     * holds the bytes; no block). More: a pinned {@code add}, one {@code files/cp}, then {@code pin/rm}.
     */
    @Override
    public void putContent(String path, byte[] content) throws IOException {
        try {
            uploads.put(path, content);
        } catch (IOException e) {
            throw Failures.of(path, e);
        }
    }

    @Override
    public InputStream reader(String path, long offset) throws IOException {
        return open(path, offset, Long.MAX_VALUE).content();
    }

    /** {@code cat /ipfs/<cid>} from the offset, for at most the length: one call, no look-up. */
    @Override
    public InputStream readContent(String contentId, long offset, long length) throws IOException {
        return reads.readContent(contentId, offset, length);
    }

    @Override
    public InputStream reader(String path, long offset, long length) throws IOException {
        return open(path, offset, length).content();
    }

    /** One {@code files/stat}, then {@code cat} of the CID it reported: the info and the bytes are of one version. */
    @Override
    public OpenedFile open(String path, long offset, long length) throws IOException {
        return reads.open(path, layout.committed(path), offset, length);
    }

    @Override
    public FileWriter writer(String path, boolean append) throws IOException {
        try {
            return uploads.writer(path, append);
        } catch (IOException e) {
            throw Failures.of(path, e);
        }
    }

    @Override
    public FileInfo stat(String path) throws IOException {
        try {
            if (path.equals("/")) {
                return FileInfo.directory(path, Instant.now());
            }
            return CidReads.info(path, kubo.files().stat(layout.committed(path)));
        } catch (IOException e) {
            throw Failures.of(path, e);
        }
    }

    @Override
    public List<String> list(String path) throws IOException {
        StoragePath folder = StoragePath.of(path);
        return entries(path).stream().map(entry -> folder.child(entry.name()).value()).toList();
    }

    /** The entries of a folder that are storage names, sorted; not found for a file. */
    private List<Entry> entries(String path) throws IOException {
        String folder = layout.committed(path);
        try {
            Optional<Stat> stat = mfs.statIfPresent(folder);
            if (stat.isEmpty() && path.equals("/")) {
                return List.of();
            }
            if (stat.isEmpty() || !stat.get().isDirectory()) {
                throw new PathNotFoundException(NAME, path);
            }
            return kubo.files().ls(folder).stream()
                    .filter(entry -> StoragePath.problemWith("/" + entry.name()) == null)
                    .sorted(Comparator.comparing(Entry::name))
                    .toList();
        } catch (IOException e) {
            throw Failures.of(path, e);
        }
    }

    /** {@code files/cp --parents --force} of the source to the destination, then {@code files/rm} of the source. */
    @Override
    public void move(String sourcePath, String destPath) throws IOException {
        try {
            mfs.link(layout.committed(sourcePath), layout.committed(destPath), destPath);
            mfs.removeIfPresent(layout.committed(sourcePath));
        } catch (IOException e) {
            throw Failures.of(sourcePath, e);
        }
    }

    /** One {@code files/rm} of the committed and the pending paths together. */
    @Override
    public void delete(String path) throws IOException {
        try {
            List<String> missing = mfs.removeAll(List.of(layout.committed(path), layout.pending(path)));
            if (missing.size() == 2) {
                throw new PathNotFoundException(NAME, path);
            }
        } catch (IOException e) {
            throw Failures.of(path, e);
        }
    }

    @Override
    public Optional<URI> redirectUrl(String path) throws IOException {
        if (gateway == null) {
            return Optional.empty();
        }
        try {
            String base = gateway.toString().replaceAll("/+$", "");
            return Optional.of(URI.create(base + "/ipfs/" + reads.fileStat(path, layout.committed(path)).hash()));
        } catch (IOException e) {
            throw Failures.of(path, e);
        }
    }

    /**
     * Links {@code /ipfs/<cid>} at the path with one {@code files/cp}: O(1), no data copied (blocks not
     * yet on this node are fetched when read). A file already at the path is replaced.
     */
    @Override
    public void linkContent(String contentId, String path) throws IOException {
        try {
            uploads.link(contentId, path);
        } catch (IOException e) {
            throw Failures.of(path, e);
        }
    }

    /** Walks with one {@code files/ls} per folder: its long listing already has kinds and sizes. */
    @Override
    public void walk(String path, Visitor visitor) throws IOException {
        walkBelow(StoragePath.of(path), visitor);
    }

    private boolean walkBelow(StoragePath folder, Visitor visitor) throws IOException {
        for (Entry entry : entries(folder.value())) {
            String child = folder.child(entry.name()).value();
            FileInfo info = entry.isDirectory()
                    ? FileInfo.directory(child, Instant.now())
                    : FileInfo.file(child, entry.size(), Instant.now());
            WalkControl control = visitor.visit(info);
            if (control == WalkControl.STOP) {
                return false;
            }
            if (info.directory() && control == WalkControl.CONTINUE) {
                try {
                    if (!walkBelow(StoragePath.of(child), visitor)) {
                        return false;
                    }
                } catch (PathNotFoundException deletedMeanwhile) {
                    // Gone since the listing: nothing below it to visit.
                }
            }
        }
        return true;
    }

    /**
     * This driver, or its capabilities: {@link PublishedTree} (this driver's root, for what storage
     * paths cannot express; it shares this driver's tree lock) and {@link KuboStatus}.
     */
    @Override
    public <T> Optional<T> unwrap(Class<T> capability) {
        for (Object candidate : List.of(this, publishedTree, status)) {
            if (capability.isInstance(candidate)) {
                return Optional.of(capability.cast(candidate));
            }
        }
        return Optional.empty();
    }

    /** The CID of everything committed below the root, flushed: any node reaching this one serves it. Pending content is not in it. */
    public String rootCid() throws IOException {
        return publishedTree.cid("/");
    }

    /** The version of the Kubo node behind this driver, asked within the timeout: a cheap check that it answers (health). */
    public String kuboVersion() throws IOException {
        try {
            return kubo.node().version().version();
        } catch (IOException e) {
            throw Failures.of("/", e);
        }
    }

    /** Closes the connection pool and stops pending upload threads. */
    @Override
    public void close() throws IOException {
        uploads.close();
        if (ownsClient) {
            kubo.close();
        }
    }
}
