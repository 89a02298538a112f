package dev.berth.registry.encryption.store;

/**
 * Where private repositories keep everything in their own storage, apart from the registry's
 * public tree; no other class builds a path of it. No name, tag or digest appears in a path: each is
 * a keyed hash ({@code dev.berth.registry.encryption.NameScheme}), 32 hex characters, and every file
 * is sealed (names, records) or encrypted (blobs).
 *
 * <pre>
 * /
 * ├── keyset-check                            a known value sealed by the keyset that made this tree: marks the tree as
 * │                                           private, and tells a reader at once whether its keyset is the right one
 * ├── tree-salt                               this tree's random salt, sealed, once a random-key repository was written
 * ├── blobs/&lt;2 hex&gt;/&lt;blob key&gt;/data            a blob's ciphertext, stored once whichever repositories hold it
 * ├── repositories/&lt;repository key&gt;/
 * │   ├── name                                the repository's name, sealed (for the catalog)
 * │   ├── _layers/&lt;2 hex&gt;/&lt;blob key&gt;          a blob belongs to the repository: its digest, sealed
 * │   ├── _manifests/&lt;2 hex&gt;/&lt;blob key&gt;       a manifest: its digest, media type and bytes, sealed
 * │   ├── _tags/&lt;tag key&gt;                    a tag: its name and the digest it points at, sealed
 * │   └── _referrers/&lt;subject key&gt;/&lt;referrer key&gt;   a referrer's descriptor, sealed
 * ├── gc/unreferenced/&lt;2 hex&gt;/&lt;blob key&gt;     when garbage collection first found the blob unreferenced
 * └── uploads/&lt;upload key&gt;/data               a convergent upload's ciphertext so far: pending content of the
 *                                             driver (outside the tree's root), committed to the blob's place once verified
 *                  └── checking-&lt;epoch ms&gt;      the same, committed here for a moment to be hashed back (below)
 * </pre>
 *
 * An upload's ciphertext is committed here only when a restart lost the hash of its first bytes,
 * to be read back and checked; anything else of an upload in progress is on local disk
 * ({@link StagingArea}). Nothing unverified reaches {@code blobs/}. Folders keyed by blob key fan out by two hex characters,
 * as the public layout does, so that no folder grows past a few thousand entries.
 */
public final class PrivateLayout {
    public static final String KEYSET_CHECK = "/keyset-check";
    public static final String TREE_SALT = "/tree-salt";
    public static final String BLOBS = "/blobs";
    public static final String REPOSITORIES = "/repositories";
    public static final String UNREFERENCED = "/gc/unreferenced";
    public static final String UPLOADS = "/uploads";
    static final String NAME = "name";
    static final String LAYERS = "_layers";
    static final String MANIFESTS = "_manifests";
    static final String TAGS = "_tags";
    static final String REFERRERS = "_referrers";
    private static final String CHECKING = "checking-";

    private PrivateLayout() {
    }

    public static String blob(String blobKey) {
        return BLOBS + "/" + fannedOut(blobKey);
    }

    public static String blobData(String blobKey) {
        return blob(blobKey) + "/data";
    }

    /** The folder of an upload's ciphertext, by its staging key. */
    static String upload(String uploadKey) {
        return UPLOADS + "/" + uploadKey;
    }

    static String uploadData(String uploadKey) {
        return upload(uploadKey) + "/data";
    }

    /** Where a process that lost an upload's running hash commits its ciphertext to hash it back, named by the time. */
    static String uploadBeingChecked(String uploadKey, java.time.Instant since) {
        return upload(uploadKey) + "/" + CHECKING + since.toEpochMilli();
    }

    /** When an upload's ciphertext was committed to be checked, from its file's name; empty for any other file. */
    static java.util.Optional<java.time.Instant> checkingSince(String path) {
        String name = name(path);
        if (!name.startsWith(CHECKING)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(java.time.Instant.ofEpochMilli(Long.parseLong(name.substring(CHECKING.length()))));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    public static String unreferencedSince(String blobKey) {
        return UNREFERENCED + "/" + fannedOut(blobKey);
    }

    public static String repository(String repositoryKey) {
        return REPOSITORIES + "/" + repositoryKey;
    }

    static String repositoryName(String repositoryKey) {
        return repository(repositoryKey) + "/" + NAME;
    }

    static String layers(String repositoryKey) {
        return repository(repositoryKey) + "/" + LAYERS;
    }

    static String layer(String repositoryKey, String blobKey) {
        return layers(repositoryKey) + "/" + fannedOut(blobKey);
    }

    static String manifests(String repositoryKey) {
        return repository(repositoryKey) + "/" + MANIFESTS;
    }

    static String manifest(String repositoryKey, String blobKey) {
        return manifests(repositoryKey) + "/" + fannedOut(blobKey);
    }

    static String tags(String repositoryKey) {
        return repository(repositoryKey) + "/" + TAGS;
    }

    static String tag(String repositoryKey, String tagKey) {
        return tags(repositoryKey) + "/" + tagKey;
    }

    /** The folder of every subject's referrers. */
    static String referrers(String repositoryKey) {
        return repository(repositoryKey) + "/" + REFERRERS;
    }

    static String referrers(String repositoryKey, String subjectKey) {
        return referrers(repositoryKey) + "/" + subjectKey;
    }

    static String referrer(String repositoryKey, String subjectKey, String referrerKey) {
        return referrers(repositoryKey, subjectKey) + "/" + referrerKey;
    }

    /** The last segment of a path. */
    static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String fannedOut(String key) {
        return key.substring(0, 2) + "/" + key;
    }
}
