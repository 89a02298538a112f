package dev.berth.registry.repository;

/** What a request does to a repository, which the repository may or may not allow. */
public enum Operation {
    /** Read blobs, manifests, tags and referrers. */
    PULL,
    /** Upload blobs, push manifests and tags, mount, and cancel one's own uploads. */
    PUSH,
    /** Delete blobs, manifests and tags. */
    DELETE
}
