package dev.berth.storage.ipfs.kubo;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** The MFS commands ({@code files/*}): Kubo's mutable tree of named files over immutable blocks. */
public final class FilesCommands {
    private final Rpc rpc;

    FilesCommands(Rpc rpc) {
        this.rpc = rpc;
    }

    /** What {@code files/stat} reports; also accepts {@code /ipfs/<cid>} paths. */
    public record Stat(String hash, long size, long cumulativeSize, String type) {
        public boolean isDirectory() {
            return "directory".equals(type);
        }
    }

    /** One entry of {@code files/ls --long}. */
    public record Entry(String name, int type, long size, String hash) {
        public boolean isDirectory() {
            return type == 1;
        }
    }

    record Listing(List<Entry> entries) {
        Listing {
            // Kubo sends "Entries": null for an empty folder.
            entries = entries == null ? List.of() : List.copyOf(entries);
        }
    }

    public Stat stat(String path) throws IOException {
        return rpc.json("files/stat", Args.of(path), Stat.class);
    }

    /** The entries of a folder, with sizes and CIDs, in Kubo's order. */
    public List<Entry> ls(String path) throws IOException {
        return rpc.json("files/ls", Args.of(path).with("long", true), Listing.class).entries();
    }

    /** Makes a folder and its missing parents; no error if it exists. */
    public void mkdirs(String path, ImportOptions options) throws IOException {
        rpc.quiet("files/mkdir", options.addLayoutTo(Args.of(path).with("parents", true)));
    }

    /** Links existing content (an MFS path or {@code /ipfs/<cid>}) at a new path without copying data. */
    public void cp(String source, String dest) throws IOException {
        rpc.quiet("files/cp", Args.of(source, dest));
    }

    /**
     * Links existing content (an MFS path or {@code /ipfs/<cid>}) at {@code dest} in one step: missing
     * folders are made and a file already there is replaced ({@code files/cp --parents --force}); a
     * folder at {@code dest} is refused. Folders this makes take the node's {@code Import} settings.
     */
    public void link(String source, String dest) throws IOException {
        rpc.quiet("files/cp", Args.of(source, dest).with("parents", true).with("force", true));
    }

    /**
     * Removes files or, recursively, folders in one call and returns the paths that were not there;
     * any other failure is a {@link KuboException}. Kubo lists each failed path in its reply.
     */
    public List<String> removeAll(List<String> paths) throws IOException {
        try {
            rpc.quiet("files/rm", Args.of(paths.toArray(String[]::new)).with("recursive", true));
            return List.of();
        } catch (KuboException e) {
            List<String> missing = new java.util.ArrayList<>();
            for (String path : paths) {
                if (e.kuboMessage().contains(path + ": file does not exist")) {
                    missing.add(path);
                }
            }
            String rest = e.kuboMessage();
            for (String path : missing) {
                rest = rest.replace(path + ": file does not exist", "");
            }
            if (missing.isEmpty() || rest.replaceAll("can't remove some files|[:\\s]", "").length() > 0) {
                throw e;
            }
            return missing;
        }
    }

    /** Removes a file or folder if it is there; nothing when it is not. */
    public void removeIfPresent(String path) throws IOException {
        rpc.quiet("files/rm", Args.of(path).with("force", true));
    }

    /** Moves an entry; a file at the destination is replaced, a folder there receives it. */
    public void mv(String source, String dest) throws IOException {
        rpc.quiet("files/mv", Args.of(source, dest));
    }

    /**
     * Removes a file or, recursively, a folder. Kubo reports a failed removal in a 200 reply; it
     * comes back here as a {@link KuboException}.
     */
    public void rm(String path) throws IOException {
        rpc.quiet("files/rm", Args.of(path).with("recursive", true));
    }

    /** Streams content into a file at an offset (Kubo does not append by default), creating it if asked. */
    public void write(String path, long offset, boolean create, InputStream content, ImportOptions options)
            throws IOException {
        Args args = options.addLayoutTo(Args.of(path).with("offset", offset).with("create", create));
        rpc.upload("files/write", args, content, Object.class);
    }

    /** The whole content of a small file, read in one call. */
    public byte[] readAll(String path) throws IOException {
        try (InputStream in = rpc.stream("files/read", Args.of(path), -1)) {
            return in.readAllBytes();
        }
    }

    /** At most {@code count} bytes of a file from its start, in one call that reads no further. */
    public byte[] readAtMost(String path, int count) throws IOException {
        try (InputStream in = rpc.stream("files/read", Args.of(path).with("count", count), -1)) {
            return in.readNBytes(count);
        }
    }

    /** Streams a file's content from an offset; the stream fails unless it delivers {@code expectedLength} bytes. */
    public InputStream read(String path, long offset, long expectedLength) throws IOException {
        return rpc.stream("files/read", Args.of(path).with("offset", offset), expectedLength);
    }

    /** Writes MFS changes to the blockstore and returns the CID of the path. */
    public String flush(String path) throws IOException {
        return rpc.json("files/flush", Args.of(path), Flushed.class).cid();
    }

    record Flushed(String cid) {}
}
