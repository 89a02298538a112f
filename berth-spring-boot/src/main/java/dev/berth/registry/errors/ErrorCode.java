package dev.berth.registry.errors;

/**
 * The error codes of the OCI Distribution Spec (v1.1), each with the spec's own description. The
 * last four are not in the spec's table; they are CNCF distribution's, which clients already know.
 * Which HTTP status each is sent with is the HTTP layer's business ({@code http.ErrorStatus}).
 */
public enum ErrorCode {
    /** Blob unknown to registry: this error may be returned when a blob is unknown to the registry in a specified repository. */
    BLOB_UNKNOWN,
    /** Blob upload invalid: the blob upload encountered an error and can no longer proceed. */
    BLOB_UPLOAD_INVALID,
    /** Blob upload unknown to registry: the upload was cancelled, completed or never started. */
    BLOB_UPLOAD_UNKNOWN,
    /** Provided digest did not match uploaded content. */
    DIGEST_INVALID,
    /** Manifest references a manifest or blob unknown to registry. */
    MANIFEST_BLOB_UNKNOWN,
    /** Manifest invalid: the manifest failed validation. */
    MANIFEST_INVALID,
    /** Manifest unknown: the named manifest is not known to the registry. */
    MANIFEST_UNKNOWN,
    /** Invalid repository name. */
    NAME_INVALID,
    /** Repository name not known to registry. */
    NAME_UNKNOWN,
    /** Provided length did not match content length. */
    SIZE_INVALID,
    /** Authentication required. */
    UNAUTHORIZED,
    /** Requested access to the resource is denied. */
    DENIED,
    /** The operation is unsupported. */
    UNSUPPORTED,
    /** Too many requests. */
    TOOMANYREQUESTS,
    /** A Range or Content-Range the registry cannot satisfy, such as an upload chunk that leaves a gap or overlaps. */
    RANGE_INVALID,
    /** The {@code n} or {@code last} parameter of a listing is not usable. */
    PAGINATION_NUMBER_INVALID,
    /** The storage behind the registry cannot be reached now; retrying later may succeed. */
    UNAVAILABLE,
    /** The registry failed in a way that is not the client's doing. */
    UNKNOWN
}
