package dev.berth.storage.ipfs.kubo;

import java.io.IOException;
import java.util.List;

/**
 * {@code ls}: the links of an immutable folder by {@code /ipfs/<cid>/...} path. MFS's
 * {@code files/ls} does not take such paths, and a remote tree is only reachable this way.
 */
public final class LsCommand {
    private final Rpc rpc;

    LsCommand(Rpc rpc) {
        this.rpc = rpc;
    }

    /** One link of a folder; {@code type} 1 is a folder, 2 a file. */
    public record Link(String name, String hash, long size, int type) {
        public boolean isDirectory() {
            return type == 1;
        }
    }

    record Listed(String hash, List<Link> links) {
        Listed {
            links = links == null ? List.of() : List.copyOf(links);
        }
    }

    record Objects(List<Listed> objects) {
        Objects {
            objects = objects == null ? List.of() : List.copyOf(objects);
        }
    }

    /** The links of the folder at the path (for a file, the links of its chunks: stat first). */
    public List<Link> ls(String ipfsPath) throws IOException {
        return rpc.json("ls", Args.of(ipfsPath), Objects.class).objects().stream()
                .flatMap(listed -> listed.links().stream())
                .toList();
    }
}
