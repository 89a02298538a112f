package dev.berth.storage.ipfs.kubo;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** {@code add}: imports a stream as a UnixFS file. */
public final class AddCommand {
    private final Rpc rpc;

    AddCommand(Rpc rpc) {
        this.rpc = rpc;
    }

    /** The imported file. */
    public record Added(String hash, long size) {}

    /** Imports a stream and returns its CID; nothing is linked into MFS. */
    public Added add(InputStream content, ImportOptions options) throws IOException {
        return last(rpc.upload("add", options.addTo(quiet()), content, Added.class));
    }

    /**
     * Imports a stream and pins it under {@code pinName}, so that Kubo's repo GC keeps it until it is
     * linked somewhere and unpinned; nothing is linked into MFS.
     */
    public Added addPinned(InputStream content, ImportOptions options, String pinName) throws IOException {
        Args args = options.addLayoutTo(quiet()).with("chunker", options.chunker()).with("pin", true).with("pin-name", pinName);
        return last(rpc.upload("add", args, content, Added.class));
    }

    /**
     * Imports a stream and links it at an MFS path in the same call. The parent folder must exist and
     * the path must not.
     */
    public Added addToFiles(InputStream content, String mfsPath, ImportOptions options) throws IOException {
        return last(rpc.upload("add", options.addTo(quiet().with("to-files", mfsPath)), content, Added.class));
    }

    /** Only the final CID, no progress lines. */
    private static Args quiet() {
        return new Args().with("progress", false).with("quieter", true);
    }

    private static Added last(List<Added> lines) throws KuboException {
        if (lines.isEmpty()) {
            throw new KuboException("add", "no CID in the reply");
        }
        return lines.getLast();
    }
}
