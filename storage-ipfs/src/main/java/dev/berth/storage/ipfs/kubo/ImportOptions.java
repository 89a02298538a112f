package dev.berth.storage.ipfs.kubo;

import java.util.regex.Pattern;

/**
 * How content is cut into blocks and addressed. Equal bytes imported with equal options get equal
 * CIDs on every node, which is what lets registries on different hosts share blocks.
 *
 * @param cidVersion 0 or 1
 * @param rawLeaves whether leaves are raw blocks rather than UnixFS nodes
 * @param hash the multihash function, such as {@code sha2-256}
 * @param chunker Kubo's chunker, such as {@code size-262144}
 * @param pin whether {@code add} pins the content (MFS keeps its own content reachable)
 */
public record ImportOptions(int cidVersion, boolean rawLeaves, String hash, String chunker, boolean pin) {
    private static final Pattern FIXED_SIZE = Pattern.compile("size-[1-9][0-9]*");

    /**
     * Berth's parameters: CIDv1, raw leaves, sha2-256 and fixed 256 KiB chunks (Kubo's default size,
     * which is also the chunk size {@code files/write} uses when it appends), not pinned.
     */
    public static final ImportOptions BERTH = new ImportOptions(1, true, "sha2-256", "size-262144", false);

    public ImportOptions {
        if (cidVersion != 0 && cidVersion != 1) {
            throw new IllegalArgumentException("CID version must be 0 or 1: " + cidVersion);
        }
        if (hash == null || hash.isBlank()) {
            throw new IllegalArgumentException("a hash function is required");
        }
        if (chunker == null || !FIXED_SIZE.matcher(chunker).matches()) {
            // Content-defined chunkers (rabin, buzhash) are valid in Kubo, but Berth keeps chunks fixed.
            throw new IllegalArgumentException("chunker must be size-<bytes>: " + chunker);
        }
    }

    /** The options {@code add} takes. */
    Args addTo(Args args) {
        return addLayoutTo(args).with("chunker", chunker).with("pin", pin);
    }

    /** The options {@code files/write} and {@code files/mkdir} take (they have no chunker or pin). */
    Args addLayoutTo(Args args) {
        return args.with("cid-version", cidVersion).with("raw-leaves", rawLeaves).with("hash", hash);
    }
}
