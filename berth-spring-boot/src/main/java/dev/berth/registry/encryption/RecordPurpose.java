package dev.berth.registry.encryption;

/**
 * What a sealed record is, part of what it is bound to: a record sealed as one purpose does not
 * open as another.
 */
public enum RecordPurpose {
    MANIFEST("manifest"),
    /** A tag's record (the manifest digest it points to). */
    TAG("tag"),
    /** A referrer's descriptor, or a referrers index. */
    REFERRER("referrer"),
    /** A repository's name, kept for the catalog. */
    REPOSITORY_NAME("repository-name"),
    /** A tag's name, kept for the tags list. */
    TAG_NAME("tag-name"),
    /** A known value that shows at start whether the keyset is the one that made the stored content. */
    KEYSET_CHECK("keyset-check"),
    /** That a blob belongs to a repository: the blob's digest. */
    LAYER("layer"),
    /** A tree's own salt for the names of its random-key repositories ({@link TreeSalt}). */
    TREE_SALT("tree-salt");

    private final String label;

    RecordPurpose(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
