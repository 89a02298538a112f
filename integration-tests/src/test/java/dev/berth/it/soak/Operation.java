package dev.berth.it.soak;

/** What a soak client does, each timed on its own. */
public enum Operation {
    /** An image pushed with each blob in one POST, then its manifest. */
    PUSH_MONOLITHIC,
    /** An image pushed with each blob in PATCH chunks of {@link SoakSettings#CHUNK_BYTES}, then its manifest. */
    PUSH_CHUNKED,
    /** An image pulled by tag: manifest and every blob, each checked against its digest. */
    PULL,
    /** A HEAD of a manifest by tag, checking the digest it reports. */
    HEAD_MANIFEST,
    /** The client's repository's tag list. */
    TAG_LIST,
    /** The catalog's first 100 repositories. */
    CATALOG,
    /** An image deleted: its manifest by digest, then its blobs. */
    DELETE
}
