package dev.berth.registry.layout;

import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.DigestAlgorithm;
import dev.berth.registry.naming.Reference;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import dev.berth.registry.repository.UploadId;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where everything the registry keeps lives in the storage driver; no other class builds a path.
 *
 * <pre>
 * /
 * ├── blobs/                                   content, each blob stored once whoever uses it
 * │   └── &lt;alg&gt;/&lt;first two hex&gt;/&lt;hex&gt;/data      (the two-character level keeps folders small)
 * ├── repositories/
 * │   └── &lt;name, one folder per component&gt;/
 * │       ├── _layers/&lt;alg&gt;/&lt;2 hex&gt;/&lt;hex&gt;/link          a blob belongs to this repository (holds the digest)
 * │       ├── _manifests/
 * │       │   ├── revisions/&lt;alg&gt;/&lt;2 hex&gt;/&lt;hex&gt;/link   a manifest belongs to this repository; content in blobs/
 * │       │   ├── revisions/&lt;alg&gt;/&lt;2 hex&gt;/&lt;hex&gt;/mediatype  the media type it was pushed with
 * │       │   ├── revisions/&lt;alg&gt;/&lt;2 hex&gt;/&lt;hex&gt;/untagged   when garbage collection first found no tag reaching it
 * │       │   ├── tags/&lt;tag&gt;/current/link         the digest the tag points at, replaced in one step
 * │       │   └── pushed/&lt;tag&gt;                    when the tag was last pointed at a manifest, for display (kept
 * │       │                                        apart from tags/, which image trees link whole, so that an
 * │       │                                        image's CID does not depend on when it was pushed)
 * │       └── _referrers/&lt;alg&gt;/&lt;2 hex&gt;/&lt;subject hex&gt;/&lt;alg&gt;/&lt;referrer hex&gt;/descriptor
 * │                                               the referrer's descriptor, ready for the referrers API
 * ├── uploads/&lt;name&gt;/_&lt;sha256 of the upload id&gt;/
 * │   ├── data                                 bytes received so far, kept pending until the upload completes
 * │   │                                        (the path names the repository, so an upload id is only
 * │   │                                        found through the repository that started it)
 * │   └── started                              when the upload started, committed so that garbage collection
 * │                                            can list and expire it (drivers do not list pending content).
 * │                                            The folder is named by a hash of the id because committed files
 * │                                            are published on IPFS, and whoever knows an id can write to its upload.
 * ├── gc/unreferenced/&lt;alg&gt;/&lt;2 hex&gt;/&lt;hex&gt;    when garbage collection first found the blob referenced by no
 * │                                            manifest; it is swept only once that is older than the grace period
 * │   (IPFS only, below: names with ':' that storage paths cannot hold, written through the driver's
 * │    published tree; every file is a link to content above, no data copied)
 * ├── v2/&lt;name&gt;/                                the registry as a static site: a plain IPFS gateway serving
 * │   ├── manifests/&lt;tag&gt;                       this tree at a host's root answers pulls (GET only)
 * │   ├── manifests/&lt;alg&gt;:&lt;hex&gt;                 the manifest's bytes
 * │   ├── blobs/&lt;alg&gt;:&lt;hex&gt;                     the config and layers of its manifests
 * │   └── tags/list                            as GET /v2/&lt;name&gt;/tags/list answers it
 * └── images/&lt;name&gt;/_refs/&lt;tag or alg:hex&gt;/     one image alone, as its own tree: repositories/ and blobs/
 *                                              holding only that image (and the tag), plus its v2/ view;
 *                                              its CID is the image's CID, kept from GC by this root
 * </pre>
 *
 * Every folder keyed by digest has a level named by the digest's first two hex characters, so no
 * folder holds more than a few thousand entries however large a repository grows (Kubo's MFS
 * slows down badly on folders with many thousands of entries).
 *
 * <p>Repository name components never start with {@code _} (see {@link RepositoryName}), so the
 * {@code _layers}, {@code _manifests} and {@code _referrers} folders cannot clash with a child
 * repository. Uploads live outside {@code blobs/} so that nothing unverified is ever visible there:
 * a completed upload is checked, then moved in.
 */
public final class RegistryLayout {
    public static final String REPOSITORIES = "/repositories";
    public static final String LAYERS = "_layers";
    public static final String MANIFESTS = "_manifests";
    public static final String REFERRERS = "_referrers";
    public static final String BLOBS = "/blobs";
    public static final String UPLOADS = "/uploads";
    public static final String UNREFERENCED = "/gc/unreferenced";

    private RegistryLayout() {
    }

    public static String blob(Digest digest) {
        return BLOBS + "/" + fannedOut(digest);
    }

    public static String blobData(Digest digest) {
        return blob(digest) + "/data";
    }

    public static String unreferencedSince(Digest digest) {
        return UNREFERENCED + "/" + fannedOut(digest);
    }

    /** The digest named by a path ending in {@code <alg>/<first two hex>/<hex>}, as every digest-keyed folder is. */
    public static Digest digestAt(String path) {
        String hex = name(path);
        String algorithm = name(path.substring(0, path.length() - hex.length() - 1 - 3));
        return Digest.parse(algorithm + ":" + hex);
    }

    /** {@code <alg>/<first two hex>/<hex>}. */
    private static String fannedOut(Digest digest) {
        return digest.algorithm().id() + "/" + digest.hex().substring(0, 2) + "/" + digest.hex();
    }

    public static String repository(RepositoryName name) {
        return REPOSITORIES + "/" + name.value();
    }

    public static String layer(RepositoryName name, Digest digest) {
        return repository(name) + "/" + LAYERS + "/" + fannedOut(digest);
    }

    public static String layers(RepositoryName name) {
        return repository(name) + "/" + LAYERS;
    }

    public static String layerLink(RepositoryName name, Digest digest) {
        return layer(name, digest) + "/link";
    }

    public static String manifestRevisions(RepositoryName name) {
        return repository(name) + "/" + MANIFESTS + "/revisions";
    }

    public static String manifestRevision(RepositoryName name, Digest digest) {
        return manifestRevisions(name) + "/" + fannedOut(digest);
    }

    public static String manifestRevisionLink(RepositoryName name, Digest digest) {
        return manifestRevision(name, digest) + "/link";
    }

    public static String manifestMediaType(RepositoryName name, Digest digest) {
        return manifestRevision(name, digest) + "/mediatype";
    }

    public static String manifestUntaggedSince(RepositoryName name, Digest digest) {
        return manifestRevision(name, digest) + "/untagged";
    }

    public static String tags(RepositoryName name) {
        return repository(name) + "/" + MANIFESTS + "/tags";
    }

    public static String tag(RepositoryName name, Tag tag) {
        return tags(name) + "/" + tag.value();
    }

    public static String tagLink(RepositoryName name, Tag tag) {
        return tag(name, tag) + "/current/link";
    }

    public static String tagPushed(RepositoryName name, Tag tag) {
        return repository(name) + "/" + MANIFESTS + "/pushed/" + tag.value();
    }

    public static String referrers(RepositoryName name, Digest subject) {
        return repository(name) + "/" + REFERRERS + "/" + fannedOut(subject);
    }

    public static String referrer(RepositoryName name, Digest subject, Digest referrer) {
        return referrers(name, subject) + "/" + referrer.algorithm().id() + "/" + referrer.hex();
    }

    public static String referrerDescriptor(RepositoryName name, Digest subject, Digest referrer) {
        return referrer(name, subject, referrer) + "/descriptor";
    }

    /** The last segment of a path that {@link dev.berth.storage.StorageDriver#list} returned. */
    public static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The static gateway view of a repository (IPFS only: its names hold ':'). */
    public static String view(RepositoryName name) {
        return "/v2/" + name.value();
    }

    public static String viewManifests(RepositoryName name) {
        return view(name) + "/manifests";
    }

    /** The manifest a tag or digest names, as a gateway serves {@code /v2/<name>/manifests/<reference>}. */
    public static String viewManifest(RepositoryName name, Reference reference) {
        return viewManifests(name) + "/" + reference;
    }

    public static String viewBlob(RepositoryName name, Digest digest) {
        return view(name) + "/blobs/" + digest;
    }

    public static String viewTagsList(RepositoryName name) {
        return view(name) + "/tags/list";
    }

    /** The self-contained tree of one image of a repository, named by the tag or digest it was asked for. */
    public static String image(RepositoryName name, Reference reference) {
        return images(name) + "/" + reference;
    }

    /** The folder of a repository's image trees, one per tag or digest asked for. */
    public static String images(RepositoryName name) {
        return "/images/" + name.value() + "/_refs";
    }

    public static String upload(RepositoryName name, UploadId id) {
        return UploadFolder.of(name, id).path();
    }

    public static String uploadData(RepositoryName name, UploadId id) {
        return upload(name, id) + "/data";
    }

    public static String uploadStarted(RepositoryName name, UploadId id) {
        return upload(name, id) + "/started";
    }

    /**
     * An upload's folder: its repository and the key that names it, a hash of the upload's id
     * (see the tree above for why not the id itself).
     */
    public record UploadFolder(RepositoryName repository, String key) {
        private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");

        public UploadFolder {
            if (!KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("not an upload folder key: " + key);
            }
        }

        public static UploadFolder of(RepositoryName repository, UploadId id) {
            return new UploadFolder(repository, keyOf(id));
        }

        public static String keyOf(UploadId id) {
            return Digest.of(DigestAlgorithm.SHA256, id.value().getBytes(StandardCharsets.UTF_8)).hex();
        }

        public String path() {
            return UPLOADS + "/" + repository.value() + "/_" + key;
        }

        public String started() {
            return path() + "/started";
        }
    }

    /** The upload folder at the path, as {@link UploadFolder#path} makes it; empty for any other path. */
    public static Optional<UploadFolder> uploadAt(String path) {
        String name = name(path);
        if (!path.startsWith(UPLOADS + "/") || !name.startsWith("_") || !UploadFolder.KEY.matcher(name.substring(1)).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new UploadFolder(new RepositoryName(path.substring(UPLOADS.length() + 1, path.length() - name.length() - 1)),
                    name.substring(1)));
        } catch (RegistryException notAnUpload) {
            return Optional.empty();
        }
    }
}
