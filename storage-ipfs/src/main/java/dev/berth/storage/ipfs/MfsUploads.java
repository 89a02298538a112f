package dev.berth.storage.ipfs;

import dev.berth.storage.FileWriter;
import dev.berth.storage.PathNotFoundException;
import dev.berth.storage.ipfs.JoinedFile.Piece;
import dev.berth.storage.ipfs.kubo.AddCommand.Added;
import dev.berth.storage.ipfs.kubo.FilesCommands.Stat;
import dev.berth.storage.ipfs.kubo.ImportOptions;
import dev.berth.storage.ipfs.kubo.KuboClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The driver's writes. Content is imported with a pinned {@code add}, outside the tree lock, then
 * linked where it belongs with one {@code files/cp --parents --force} under the lock, then unpinned:
 * it is always kept by a pin or by MFS, so Kubo's repo GC never takes it half-way.
 *
 * <p>Pending content (a writer closed without commit) is linked at {@link MfsLayout#pending}. A
 * writer that continues content imports only its new bytes and joins them after the old ones in one
 * dag-pb node ({@link JoinedFile}): no byte is copied and nothing is locked while a client streams.
 * Small content (at most {@value ContentIds#MAX_IDENTITY} bytes) is linked as an identity CID, which
 * holds the bytes themselves: one call, no block.
 */
final class MfsUploads implements AutoCloseable {
    /** The name of the pins that keep imports until they are linked; a crash in between leaves one behind. */
    static final String PIN_NAME = "berth-import";
    private static final int JOINS_REMEMBERED = 4096;

    private final Mfs mfs;
    private final KuboClient kubo;
    private final ImportOptions options;
    private final MfsLayout layout;
    private final ExecutorService imports = Executors.newVirtualThreadPerTaskExecutor();
    /** The pieces of files this driver joined, so that joining again lists pieces instead of nesting joins. */
    private final Map<String, List<Piece>> joins = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<Piece>> eldest) {
            return size() > JOINS_REMEMBERED;
        }
    });
    private volatile boolean rootsMade;

    MfsUploads(Mfs mfs, MfsLayout layout) {
        this.mfs = mfs;
        this.kubo = mfs.kubo();
        this.options = mfs.options();
        this.layout = layout;
    }

    /** See {@link dev.berth.storage.StorageDriver#writer}: one {@code files/stat} to resume, none for a new file. */
    FileWriter writer(String path, boolean append) throws IOException {
        if (!append) {
            return newWriter(path, Optional.empty(), true);
        }
        Optional<Stat> pending = mfs.statIfPresent(layout.pending(path)).filter(stat -> !stat.isDirectory());
        if (pending.isPresent()) {
            return newWriter(path, pending.map(MfsUploads::piece), true);
        }
        Stat committed = mfs.statIfPresent(layout.committed(path))
                .filter(stat -> !stat.isDirectory())
                .orElseThrow(() -> new PathNotFoundException(IpfsStorageDriver.NAME, path));
        return newWriter(path, Optional.of(piece(committed)), false);
    }

    /** Replaces the file at the path with small content: an identity CID, or a pinned import linked and unpinned. */
    void put(String path, byte[] content) throws IOException {
        if (content.length <= ContentIds.MAX_IDENTITY) {
            link(ContentIds.identity(content), path);
            return;
        }
        Added added = kubo.add().addPinned(new ByteArrayInputStream(content), options, PIN_NAME);
        try {
            link(added.hash(), path);
        } finally {
            kubo.pins().removeIfPinned(added.hash());
        }
    }

    /** Links {@code /ipfs/<cid>} at the path in one call, replacing a file there. */
    void link(String contentId, String path) throws IOException {
        makeRoots();
        mfs.link("/ipfs/" + contentId, layout.committed(path), path);
    }

    /** Stops imports in progress. */
    @Override
    public void close() {
        imports.shutdownNow();
    }

    private FileWriter newWriter(String path, Optional<Piece> base, boolean pendingMayExist) {
        return new IpfsFileWriter(path, base.map(Piece::size).orElse(0L), this::importPinned,
                new Session(path, base, pendingMayExist), kubo.pins()::removeIfPinned, imports, kubo.timeout());
    }

    private Piece importPinned(InputStream content) throws IOException {
        Added added = kubo.add().addPinned(content, options, PIN_NAME);
        return new Piece(added.hash(), 0, added.size());
    }

    /** The root folders, made once with this driver's CID settings (folders below them take the node's). */
    private void makeRoots() throws IOException {
        if (!rootsMade) {
            mfs.mkdirs(layout.root());
            mfs.mkdirs(layout.pending("/"));
            rootsMade = true;
        }
    }

    private static Piece piece(Stat stat) {
        return new Piece(stat.hash(), stat.size(), stat.cumulativeSize());
    }

    /** One writer's content: what it continues, and where its pending content may lie. */
    private final class Session implements IpfsFileWriter.Ending {
        private final String path;
        private final Optional<Piece> base;
        private final boolean pendingMayExist;

        Session(String path, Optional<Piece> base, boolean pendingMayExist) {
            this.path = path;
            this.base = base;
            this.pendingMayExist = pendingMayExist;
        }

        @Override
        public Piece commitTo(String target, Optional<Piece> written) throws IOException {
            Piece whole = whole(written);
            makeRoots();
            mfs.link("/ipfs/" + whole.cid(), layout.committed(target), target);
            if (pendingMayExist) {
                mfs.discard(layout.pending(path));
            }
            return whole;
        }

        @Override
        public void keep(Optional<Piece> written) throws IOException {
            if (written.isEmpty() && base.isPresent()) {
                return; // nothing new: what it continued stays as it was
            }
            makeRoots();
            mfs.link("/ipfs/" + whole(written).cid(), layout.pending(path), path);
        }

        @Override
        public void discard() throws IOException {
            if (pendingMayExist) {
                mfs.discard(layout.pending(path));
            }
        }

        /** The content so far: the base followed by what was written, joined when both hold bytes. */
        private Piece whole(Optional<Piece> written) throws IOException {
            if (written.isEmpty()) {
                return base.orElse(new Piece(ContentIds.EMPTY, 0, 0));
            }
            if (base.isEmpty() || base.get().size() == 0) {
                return written.get();
            }
            List<Piece> pieces = new ArrayList<>(joins.getOrDefault(base.get().cid(), List.of(base.get())));
            pieces.add(written.get());
            if (pieces.size() > JoinedFile.MAX_PIECES) {
                pieces = List.of(base.get(), written.get()); // nest instead: the node stays small
            }
            if (BalancedFile.fits(pieces, options)) {
                Piece balanced = BalancedFile.join(pieces, new BalancedFile.Blocks() {
                    @Override
                    public byte[] get(String cid, int limit) throws IOException {
                        return kubo.blocks().get(cid, limit);
                    }

                    @Override
                    public String put(byte[] node) throws IOException {
                        return kubo.blocks().put(node, "dag-pb");
                    }
                });
                joins.put(balanced.cid(), List.copyOf(pieces));
                return balanced;
            }
            JoinedFile joined = new JoinedFile(pieces);
            byte[] node = joined.node();
            String cid = kubo.blocks().put(node, "dag-pb");
            joins.put(cid, joined.pieces());
            return new Piece(cid, joined.size(), joined.dagSize(node.length));
        }
    }
}
