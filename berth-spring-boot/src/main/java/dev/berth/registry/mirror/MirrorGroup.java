package dev.berth.registry.mirror;

import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import dev.berth.registry.repository.BlobContent;
import dev.berth.registry.repository.RangeRequest;
import dev.berth.registry.repository.StoredManifest;
import java.util.Optional;

/**
 * The other mirrors of the group, asked before the upstream ({@link GroupTrees} on IPFS); without a
 * group, or without IPFS, {@link #NONE}, which has nothing.
 */
public interface MirrorGroup {
    MirrorGroup NONE = new MirrorGroup() { };

    /** What a tree of the group had, and which tree. */
    record Found<T>(T value, String tree) {}

    /** A prefetch of a group's blob under way, to be told when the blob is kept or given up. */
    interface Prefetching {
        void done();
    }

    /** The blob, ready to stream from the first tree whose repository holds it. */
    default Optional<Found<BlobContent>> blob(RepositoryName repository, Digest digest, Optional<RangeRequest> range) {
        return Optional.empty();
    }

    /** The manifest, read and verified, from the first tree whose repository holds it. */
    default Optional<Found<StoredManifest>> manifest(RepositoryName repository, Digest digest) {
        return Optional.empty();
    }

    /** Where the tag points in the first tree whose repository has it (it may have moved upstream since). */
    default Optional<Found<Digest>> tag(RepositoryName repository, Tag tag) {
        return Optional.empty();
    }

    /** Starts bringing a group's blob (by its CID) to this node faster than its reader asks for it. */
    default Prefetching prefetch(String cid) {
        return () -> { };
    }
}
