package dev.berth.registry.naming;

/** What names a manifest in a repository: a tag or a digest. */
public sealed interface Reference permits Tag, Digest {

    /** A reference with a colon is a digest (tags cannot hold one); anything else a tag. */
    static Reference parse(String value) {
        return value != null && value.contains(":") ? Digest.parse(value) : new Tag(value);
    }
}
