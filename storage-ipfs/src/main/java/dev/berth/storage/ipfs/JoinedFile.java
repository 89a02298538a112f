package dev.berth.storage.ipfs;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * A UnixFS file made of files already imported, without copying a byte: one dag-pb node whose links
 * are the pieces' roots, in order, and whose UnixFS {@code File} data carries the total size and
 * each piece's size ({@code blocksizes}), so readers ({@code cat}, gateways) seek through it like
 * any file Kubo imported. How an upload sent in several requests becomes one file.
 *
 * @param pieces the files joined, in order (one, as a node of {@link BalancedFile}'s layout may have)
 */
record JoinedFile(List<Piece> pieces) {
    /** dag-pb nodes, like every block, should stay well below the 1 MiB that Kubo moves by bitswap. */
    static final int MAX_PIECES = 4096;

    /** An imported file: its CID, its size in bytes and the size of its whole DAG (the link's Tsize). */
    record Piece(String cid, long size, long dagSize) {
        Piece {
            if (size < 0 || dagSize < 0) {
                throw new IllegalArgumentException("negative size of " + cid);
            }
        }
    }

    JoinedFile {
        pieces = List.copyOf(pieces);
        if (pieces.isEmpty() || pieces.size() > MAX_PIECES) {
            throw new IllegalArgumentException("a joined file has 1 to " + MAX_PIECES + " pieces, not " + pieces.size());
        }
    }

    long size() {
        return pieces.stream().mapToLong(Piece::size).sum();
    }

    /** The node, in dag-pb's canonical encoding (links first, then data). */
    byte[] node() {
        ByteArrayOutputStream node = new ByteArrayOutputStream();
        for (Piece piece : pieces) {
            ByteArrayOutputStream link = new ByteArrayOutputStream();
            bytesField(link, 1, ContentIds.binary(piece.cid()));
            bytesField(link, 2, new byte[0]); // the unnamed link of a file's piece
            varintField(link, 3, piece.dagSize());
            bytesField(node, 2, link.toByteArray());
        }
        ByteArrayOutputStream unixfs = new ByteArrayOutputStream();
        varintField(unixfs, 1, 2); // Type: File
        varintField(unixfs, 3, size());
        for (Piece piece : pieces) {
            varintField(unixfs, 4, piece.size());
        }
        bytesField(node, 1, unixfs.toByteArray());
        return node.toByteArray();
    }

    /** The size of the whole DAG below and including the node. */
    long dagSize(int nodeLength) {
        return nodeLength + pieces.stream().mapToLong(Piece::dagSize).sum();
    }

    private static void varintField(ByteArrayOutputStream out, int field, long value) {
        ContentIds.varint(out, (long) field << 3);
        ContentIds.varint(out, value);
    }

    private static void bytesField(ByteArrayOutputStream out, int field, byte[] value) {
        ContentIds.varint(out, ((long) field << 3) | 2);
        ContentIds.varint(out, value.length);
        out.writeBytes(value);
    }
}
