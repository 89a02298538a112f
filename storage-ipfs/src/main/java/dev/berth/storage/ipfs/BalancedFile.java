package dev.berth.storage.ipfs;

import dev.berth.storage.ipfs.JoinedFile.Piece;
import dev.berth.storage.ipfs.kubo.ImportOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Joins imported pieces into the very DAG one {@code add} of their bytes makes, when the pieces
 * end on chunk boundaries: the leaves are then the same blocks, and only the nodes above them differ
 * from what {@link JoinedFile} makes. Kubo's balanced layout puts the leaves, in order, under nodes
 * of at most {@value #MAX_LINKS} links, and those under nodes of as many, up to one root. So a
 * file sent in several requests gets the CID it would have had sent in one, and nodes that received
 * the same bytes differently still name them alike.
 */
final class BalancedFile {
    /** The links per node of Kubo's balanced layout (boxo's {@code DefaultLinksPerBlock}). */
    static final int MAX_LINKS = 174;
    /** dag-pb nodes of a file hold at most {@value #MAX_LINKS} links: far below this. */
    private static final int MAX_NODE = 64 * 1024;
    private static final int MAX_DEPTH = 8;

    /** Reads a block. */
    interface Blocks {
        byte[] get(String cid, int limit) throws IOException;

        String put(byte[] node) throws IOException;
    }

    private BalancedFile() {
    }

    /**
     * Whether the pieces can be joined as one import would have made them: CIDv1 with raw leaves of
     * fixed-size chunks (Berth's {@link ImportOptions#BERTH}), every piece but the last a whole
     * number of chunks.
     */
    static boolean fits(List<Piece> pieces, ImportOptions options) {
        if (options.cidVersion() != 1 || !options.rawLeaves() || !options.hash().equals("sha2-256")) {
            return false;
        }
        long chunk = Long.parseLong(options.chunker().substring("size-".length()));
        for (int i = 0; i < pieces.size() - 1; i++) {
            if (pieces.get(i).size() == 0 || pieces.get(i).size() % chunk != 0) {
                return false;
            }
        }
        return !pieces.isEmpty() && pieces.getLast().size() > 0;
    }

    /** The pieces joined in the balanced layout: their leaves read, the nodes above them stored. */
    static Piece join(List<Piece> pieces, Blocks blocks) throws IOException {
        List<Piece> level = new ArrayList<>();
        for (Piece piece : pieces) {
            leaves(piece, blocks, 0, level);
        }
        while (level.size() > 1) {
            List<Piece> above = new ArrayList<>();
            for (int from = 0; from < level.size(); from += MAX_LINKS) {
                JoinedFile node = new JoinedFile(level.subList(from, Math.min(level.size(), from + MAX_LINKS)));
                byte[] encoded = node.node();
                above.add(new Piece(blocks.put(encoded), node.size(), node.dagSize(encoded.length)));
            }
            level = above;
        }
        return level.getFirst();
    }

    /** Adds the raw leaves below a piece, in order. */
    private static void leaves(Piece piece, Blocks blocks, int depth, List<Piece> into) throws IOException {
        if (ContentIds.isRaw(piece.cid())) {
            into.add(piece);
            return;
        }
        if (depth >= MAX_DEPTH) {
            throw new IOException("the file " + piece.cid() + " is deeper than " + MAX_DEPTH + " levels");
        }
        for (Piece child : DagPbFile.children(piece.cid(), blocks.get(piece.cid(), MAX_NODE))) {
            leaves(child, blocks, depth + 1, into);
        }
    }
}
