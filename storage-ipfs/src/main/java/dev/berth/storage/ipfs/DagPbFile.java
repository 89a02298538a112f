package dev.berth.storage.ipfs;

import dev.berth.storage.ipfs.JoinedFile.Piece;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the links of a UnixFS file node (dag-pb): each child's CID, its size in bytes (the node's
 * {@code blocksizes}) and the size of its DAG (the link's Tsize). Only what {@link BalancedFile}
 * needs; anything else in a node is skipped, and anything malformed is an {@link IOException}.
 */
final class DagPbFile {
    private DagPbFile() {
    }

    static List<Piece> children(String cid, byte[] node) throws IOException {
        List<String> links = new ArrayList<>();
        List<Long> linkSizes = new ArrayList<>();
        List<Long> blockSizes = new ArrayList<>();
        Reader pbNode = new Reader(node, 0, node.length, cid);
        while (pbNode.more()) {
            int key = (int) pbNode.varint();
            if (key == (2 << 3 | 2)) { // PBLink
                Reader link = pbNode.bytes();
                String hash = null;
                long tsize = -1;
                while (link.more()) {
                    int field = (int) link.varint();
                    switch (field) {
                        case 1 << 3 | 2 -> hash = "b" + ContentIds.base32(link.bytes().rest());
                        case 3 << 3 -> tsize = link.varint();
                        default -> link.skip(field);
                    }
                }
                if (hash == null || tsize < 0) {
                    throw new IOException("a link without a hash or size in " + cid);
                }
                links.add(hash);
                linkSizes.add(tsize);
            } else if (key == (1 << 3 | 2)) { // Data: UnixFS
                Reader data = pbNode.bytes();
                while (data.more()) {
                    int field = (int) data.varint();
                    if (field == (4 << 3)) {
                        blockSizes.add(data.varint());
                    } else if (field == (4 << 3 | 2)) { // packed, as some encoders write it
                        Reader packed = data.bytes();
                        while (packed.more()) {
                            blockSizes.add(packed.varint());
                        }
                    } else {
                        data.skip(field);
                    }
                }
            } else {
                pbNode.skip(key);
            }
        }
        if (links.size() != blockSizes.size()) {
            throw new IOException(cid + " has " + links.size() + " links but " + blockSizes.size() + " block sizes");
        }
        List<Piece> children = new ArrayList<>();
        for (int i = 0; i < links.size(); i++) {
            children.add(new Piece(links.get(i), blockSizes.get(i), linkSizes.get(i)));
        }
        return children;
    }

    /** Protobuf's wire format over a slice of bytes. */
    private static final class Reader {
        private final byte[] bytes;
        private final int end;
        private final String cid;
        private int at;

        Reader(byte[] bytes, int from, int end, String cid) {
            this.bytes = bytes;
            this.at = from;
            this.end = end;
            this.cid = cid;
        }

        boolean more() {
            return at < end;
        }

        long varint() throws IOException {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (at >= end) {
                    throw new IOException("a varint cut short in " + cid);
                }
                byte b = bytes[at++];
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IOException("a varint too long in " + cid);
        }

        Reader bytes() throws IOException {
            long length = varint();
            if (length < 0 || length > end - at) {
                throw new IOException("a field longer than its node in " + cid);
            }
            Reader field = new Reader(bytes, at, at + (int) length, cid);
            at += (int) length;
            return field;
        }

        byte[] rest() {
            byte[] rest = java.util.Arrays.copyOfRange(bytes, at, end);
            at = end;
            return rest;
        }

        void skip(int key) throws IOException {
            switch (key & 7) {
                case 0 -> varint();
                case 2 -> bytes();
                case 1 -> at += 8;
                case 5 -> at += 4;
                default -> throw new IOException("an unknown wire type " + (key & 7) + " in " + cid);
            }
            if (at > end) {
                throw new IOException("a field longer than its node in " + cid);
            }
        }
    }
}
