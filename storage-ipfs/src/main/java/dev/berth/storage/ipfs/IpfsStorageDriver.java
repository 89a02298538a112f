package dev.berth.storage.ipfs;

import dev.berth.storage.FileInfo;
import dev.berth.storage.FileWriter;
import dev.berth.storage.InvalidOffsetException;
import dev.berth.storage.PathNotFoundException;
import dev.berth.storage.StorageDriver;
import dev.berth.storage.StorageFailureException;
import dev.berth.storage.StoragePath;
import dev.berth.storage.ipfs.kubo.FilesCommands.Entry;
import dev.berth.storage.ipfs.kubo.FilesCommands.Stat;
import dev.berth.storage.ipfs.kubo.ImportOptions;
import dev.berth.storage.ipfs.kubo.KuboClient;
import dev.berth.storage.ipfs.kubo.KuboCredentials;
import dev.berth.storage.ipfs.kubo.KuboException;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Stores files in the MFS of a Kubo node, through its RPC API. See {@link MfsLayout} for where
 * committed and pending content live.
 *
 * <p>Content is imported with {@link ImportOptions#BERTH} (CIDv1, raw leaves, sha2-256, 256 KiB
 * chunks, not pinned: MFS keeps what it links), so a blob imported in one piece has the CID that
 * {@code ipfs add --cid-version=1 --raw-leaves --chunker=size-262144} gives on any node. A new
 * file, or an append to empty content, streams through one {@code add --to-files} call; an append
 * to existing content streams through {@code files/write} at the pending size, under the driver's
 * tree lock (Kubo lays appended content out as a trickle DAG, so a
 * blob uploaded in several pieces shares its blocks, but not its root CID, with a one-piece import).
 * Measured on one loopback node, 256 MiB streams: {@code add} 103-183 MiB/s, {@code files/write}
 * 67-89 MiB/s, hence {@code add} wherever a file starts empty.
 * Reads stream {@code cat /ipfs/<cid>} of the CID that {@code files/stat} reported, so a reader sees
 * one whole version even while the path is replaced.
 *
 * <p>MFS keeps no modification times without changing CIDs, so {@link #stat} reports the time of the
 * call. Build it with {@link #builder()}; close it to release its connections.
 */
public final class IpfsStorageDriver implements StorageDriver, AutoCloseable {
    public static final String NAME = "ipfs";
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final KuboClient kubo;
    private final MfsLayout layout;
    private final URI gateway;
    private final Duration timeout;
    private final ImportOptions options = ImportOptions.BERTH;
    private final ExecutorService uploads = Executors.newVirtualThreadPerTaskExecutor();
    private final TreeLock treeChanges = new TreeLock();
    private final PublishedTree publishedTree;
    private final KuboStatus status = this::kuboVersion;

    private IpfsStorageDriver(KuboClient kubo, MfsLayout layout, URI gateway) {
        this.kubo = kubo;
        this.layout = layout;
        this.gateway = gateway;
        this.timeout = kubo.timeout();
        this.publishedTree = new MfsPublishedTree(kubo, layout, treeChanges, options);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public InputStream reader(String path, long offset) throws IOException {
        try {
            Stat file = fileStat(path);
            if (offset < 0 || offset > file.size()) {
                throw new InvalidOffsetException(NAME, path, offset);
            }
            return Failures.translating(path, kubo.cat().cat("/ipfs/" + file.hash(), offset, file.size() - offset));
        } catch (IOException e) {
            throw Failures.of(path, e);
        }
    }

    @Override
    public FileWriter writer(String path, boolean append) throws IOException {
        String pending = layout.pending(path);
        try {
            if (!append) {
                return freshWriter(path, pending);
            }
            Stat resumed = statIfPresent(pending);
            if (resumed == null) {
                Stat committed = statIfPresent(layout.committed(path));
                if (committed == null || committed.isDirectory()) {
                    throw new PathNotFoundException(NAME, path);
                }
                // A copy in O(1): MFS links the same blocks; appends then change only the copy.
                mkdirs(MfsLayout.parent(pending));
                changeTree(() -> kubo.files().cp("/ipfs/" + committed.hash(), pending));
                resumed = committed;
            }
            long size = resumed.size();
            if (size == 0) {
                // An upload opened empty and then fed its first chunk, the way most clients push: a
                // one-piece import, faster than files/write and free of the race below.
                return freshWriter(path, pending);
            }
            // Kubo's MFS can lose a files/write to a file when other changes to the tree run at the
            // same time (seen as a committed upload holding only its first chunk), so an append to
            // existing content holds the tree lock while it streams.
            return newWriter(path, size,
                    content -> changeTree(() -> kubo.files().write(pending, size, false, content, options)), false);
        } catch (IOException e) {
            throw Failures.of(path, e);
        }
    }

    private FileWriter freshWriter(String path, String pending) throws IOException {
        removeIfPresent(pending);
        mkdirs(MfsLayout.parent(pending));
        return newWriter(path, 0, content -> kubo.add().addToFiles(content, pending, options), true);
    }

    private FileWriter newWriter(String path, long size, IpfsFileWriter.Upload upload, boolean uploadEvenIfEmpty) {
        return new IpfsFileWriter(path, size, upload, uploadEvenIfEmpty, () -> publish(path),
                () -> removeIfPresent(layout.pending(path)), uploads, timeout);
    }

    /** Moves the pending file into place; {@code files/mv} replaces a file there in one step. */
    private void publish(String path) throws IOException {
        String target = layout.committed(path);
        refuseFolderAt(path, target);
        mkdirs(MfsLayout.parent(target));
        changeTree(() -> kubo.files().mv(layout.pending(path), target));
    }

    @Override
    public FileInfo stat(String path) throws IOException {
        try {
            if (path.equals("/")) {
                return FileInfo.directory(path, Instant.now());
            }
            Stat stat = kubo.files().stat(layout.committed(path));
            return (stat.isDirectory() ? FileInfo.directory(path, Instant.now()) : FileInfo.file(path, stat.size(), Instant.now()))
                    .withContentId(stat.hash());
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
            Stat stat = statIfPresent(folder);
            if (stat == null && path.equals("/")) {
                return List.of();
            }
            if (stat == null || !stat.isDirectory()) {
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

    @Override
    public void move(String sourcePath, String destPath) throws IOException {
        try {
            if (statIfPresent(layout.committed(sourcePath)) == null) {
                throw new PathNotFoundException(NAME, sourcePath);
            }
            String target = layout.committed(destPath);
            refuseFolderAt(destPath, target);
            mkdirs(MfsLayout.parent(target));
            changeTree(() -> kubo.files().mv(layout.committed(sourcePath), target));
        } catch (IOException e) {
            throw Failures.of(sourcePath, e);
        }
    }

    @Override
    public void delete(String path) throws IOException {
        try {
            boolean committed = removeIfPresent(layout.committed(path));
            boolean pending = removeIfPresent(layout.pending(path));
            if (!committed && !pending) {
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
            return Optional.of(URI.create(base + "/ipfs/" + fileStat(path).hash()));
        } catch (IOException e) {
            throw Failures.of(path, e);
        }
    }

    /**
     * Links {@code /ipfs/<cid>} at the path with {@code files/cp}: O(1), no data copied (blocks not
     * yet on this node are fetched when read). A file already at the path is replaced.
     */
    @Override
    public void linkContent(String contentId, String path) throws IOException {
        try {
            // Staged as pending content, then moved into place like any commit.
            String pending = layout.pending(path);
            removeIfPresent(pending);
            mkdirs(MfsLayout.parent(pending));
            changeTree(() -> kubo.files().cp("/ipfs/" + contentId, pending));
            publish(path);
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
     * The CID of everything committed below the root, flushed to the blockstore: {@code /ipfs/<cid>}
     * serves the same tree from any node that can reach this one. Pending content is not part of it.
     */
    public String rootCid() throws IOException {
        return publishedTree.cid("/");
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

    /**
     * The version of the Kubo node behind this driver, asked within the timeout: a cheap check that
     * the node answers (for health endpoints).
     */
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
        uploads.shutdownNow();
        kubo.close();
    }

    private Stat fileStat(String path) throws IOException {
        Stat stat = kubo.files().stat(layout.committed(path));
        if (stat.isDirectory()) {
            throw new PathNotFoundException(NAME, path);
        }
        return stat;
    }

    private Stat statIfPresent(String mfsPath) throws IOException {
        try {
            return kubo.files().stat(mfsPath);
        } catch (KuboException e) {
            if (e.isPathNotFound()) {
                return null;
            }
            throw e;
        }
    }

    /** {@code files/mv} onto a folder would move into it, so a folder at the target is refused first. */
    private void refuseFolderAt(String path, String target) throws IOException {
        Stat existing = statIfPresent(target);
        if (existing != null && existing.isDirectory()) {
            throw new StorageFailureException(NAME, path, "a folder is in the way", null);
        }
    }

    private void mkdirs(String mfsFolder) throws IOException {
        changeTree(() -> kubo.files().mkdirs(mfsFolder, options));
    }

    private void changeTree(TreeLock.Change change) throws IOException {
        treeChanges.run(change);
    }

    private boolean removeIfPresent(String mfsPath) throws IOException {
        try {
            changeTree(() -> kubo.files().rm(mfsPath));
            return true;
        } catch (KuboException e) {
            if (e.isPathNotFound()) {
                return false;
            }
            throw e;
        }
    }

    /** Settings of an {@link IpfsStorageDriver}; only {@link #api} is required. */
    public static final class Builder {
        private final KuboClient.Builder client = KuboClient.builder().timeout(DEFAULT_TIMEOUT).connectTimeout(DEFAULT_TIMEOUT);
        private boolean connectTimeoutSet;
        private String root = "/berth";
        private URI gateway;

        private Builder() {}

        /** Kubo's RPC API, such as {@code http://127.0.0.1:5001}. Keep it on loopback. */
        public Builder api(URI api) {
            client.api(api);
            return this;
        }

        /** The MFS folder holding the stored files (default {@code /berth}); pending content goes to {@code <root>.partial}. */
        public Builder root(String root) {
            this.root = new MfsLayout(root).root();
            return this;
        }

        /**
         * How long any call waits for Kubo: for a connection (unless {@link #connectTimeout} is set),
         * for an answer, and for each next bytes of a stream (default 30 s). Past it the operation
         * fails with a {@code StorageUnavailableException}.
         */
        public Builder timeout(Duration timeout) {
            client.timeout(timeout);
            if (!connectTimeoutSet) {
                client.connectTimeout(timeout);
            }
            return this;
        }

        /** How long to wait for a TCP connection to Kubo (default: the timeout). */
        public Builder connectTimeout(Duration connectTimeout) {
            client.connectTimeout(connectTimeout);
            connectTimeoutSet = true;
            return this;
        }

        /** An HTTP gateway serving this node's content; {@link #redirectUrl} then points at {@code <gateway>/ipfs/<cid>}. */
        public Builder gatewayUrl(URI gateway) {
            Objects.requireNonNull(gateway, "gateway");
            if (!gateway.isAbsolute() || !gateway.getScheme().startsWith("http")) {
                throw new IllegalArgumentException("the gateway must be an absolute http(s) URL: " + gateway);
            }
            this.gateway = gateway;
            return this;
        }

        /** Credentials for a Kubo API protected by {@code API.Authorizations}. */
        public Builder credentials(KuboCredentials credentials) {
            client.credentials(credentials);
            return this;
        }

        /** Where Kubo calls are timed ({@code berth.kubo.requests}); default: Micrometer's global registry. */
        public Builder meterRegistry(MeterRegistry meters) {
            client.meterRegistry(meters);
            return this;
        }

        public IpfsStorageDriver build() {
            return new IpfsStorageDriver(client.build(), new MfsLayout(root), gateway);
        }
    }
}
