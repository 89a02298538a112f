package dev.berth.storage.ipfs.kubo;

import java.io.IOException;

/** The node's repository: {@code repo/stat}. */
public final class RepoCommands {
    private final Rpc rpc;

    RepoCommands(Rpc rpc) {
        this.rpc = rpc;
    }

    /**
     * How much the repository holds.
     *
     * @param repoSize bytes the repository uses on disk
     * @param storageMax the limit set in {@code Datastore.StorageMax}, in bytes
     */
    public record Usage(long repoSize, long storageMax) {}

    /** The repository's size and limit; {@code size-only}, so Kubo does not count every object. */
    public Usage stat() throws IOException {
        return rpc.json("repo/stat", new Args().with("size-only", true), Usage.class);
    }
}
