package dev.berth.storage.ipfs;

import dev.berth.storage.StorageDriver;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The IPFS driver's root seen as the tree IPFS publishes, for what storage paths cannot express: names
 * such as {@code sha256:<hex>} (a gateway serves {@code /v2/<name>/blobs/sha256:<hex>} only if a file
 * has that name), links to existing content without copying it, CIDs of folders, and IPNS. A
 * capability of the IPFS driver: reach it with {@link StorageDriver#unwrap
 * driver.unwrap(PublishedTree.class)} on the driver behind {@code CheckedDriver}, so that its calls
 * are measured and fail with {@code StorageException}s like every other storage call.
 *
 * <p>Paths are absolute within the root ({@code /v2/app/manifests/latest}); segments are
 * {@code [A-Za-z0-9._:-]+}, never {@code .} or {@code ..}; any other path is an
 * {@code InvalidPathException}.
 */
public interface PublishedTree {

    /** Replaces the file at {@code path} with small content, making its folders. */
    void write(String path, byte[] content) throws IOException;

    /**
     * Links what is at {@code source} (a file or folder of this tree) at {@code target} too, in O(1):
     * both names share the same blocks. Whatever was at the target is replaced; nothing changes when
     * it already holds the same content.
     */
    void link(String source, String target) throws IOException;

    /** Moves a file or folder, replacing whatever was at the target. */
    void move(String source, String target) throws IOException;

    /** Removes a file or folder; false when nothing was there. */
    boolean remove(String path) throws IOException;

    boolean exists(String path) throws IOException;

    /** The names in a folder; none when it does not exist. */
    List<String> list(String path) throws IOException;

    /** Flushes {@code path} to the blockstore and returns its CID. */
    String cid(String path) throws IOException;

    /** The IPNS name of the node's key {@code key}, made (ed25519) when the node has none by that name. */
    String ipnsName(String key) throws IOException;

    /**
     * Publishes {@code /ipfs/<cid>} under the key (which must exist), also when the node has no peers
     * to publish to yet; returns the IPNS name.
     */
    String publish(String cid, String key, Duration lifetime) throws IOException;
}
