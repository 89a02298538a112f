package dev.berth.registry.layout;

import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.Reference;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import dev.berth.registry.uploads.UploadId;

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
 * │       │   └── tags/&lt;tag&gt;/current/link         the digest the tag points at, replaced in one step
 * │       └── _referrers/&lt;alg&gt;/&lt;2 hex&gt;/&lt;subject hex&gt;/&lt;alg&gt;/&lt;referrer hex&gt;/descriptor
 * │                                               the referrer's descriptor, ready for the referrers API
 * ├── uploads/&lt;name&gt;/_&lt;uuid&gt;/
 * │   └── data                                 bytes received so far, kept pending until the upload completes
 * │                                            (the path names the repository, so an upload id is only
 * │                                            found through the repository that started it)
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
    private static final String UPLOADS = "/uploads";

    private RegistryLayout() {
    }

    public static String blobData(Digest digest) {
        return "/blobs/" + fannedOut(digest) + "/data";
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

    public static String layerLink(RepositoryName name, Digest digest) {
        return layer(name, digest) + "/link";
    }

    public static String manifestRevision(RepositoryName name, Digest digest) {
        return repository(name) + "/" + MANIFESTS + "/revisions/" + fannedOut(digest);
    }

    public static String manifestRevisionLink(RepositoryName name, Digest digest) {
        return manifestRevision(name, digest) + "/link";
    }

    public static String manifestMediaType(RepositoryName name, Digest digest) {
        return manifestRevision(name, digest) + "/mediatype";
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
        return "/images/" + name.value() + "/_refs/" + reference;
    }

    public static String upload(RepositoryName name, UploadId id) {
        return UPLOADS + "/" + name.value() + "/_" + id.value();
    }

    public static String uploadData(RepositoryName name, UploadId id) {
        return upload(name, id) + "/data";
    }
}
