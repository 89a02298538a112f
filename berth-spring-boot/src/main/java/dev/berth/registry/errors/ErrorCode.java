package dev.berth.registry.errors;

import org.springframework.http.HttpStatus;

/**
 * The error codes of the OCI Distribution Spec (v1.1), each with the status it is sent with and
 * the spec's own description. The last four are not in the spec's table; they are CNCF
 * distribution's, which clients already know.
 */
public enum ErrorCode {
    /** Blob unknown to registry: this error may be returned when a blob is unknown to the registry in a specified repository. */
    BLOB_UNKNOWN(HttpStatus.NOT_FOUND),
    /** Blob upload invalid: the blob upload encountered an error and can no longer proceed. */
    BLOB_UPLOAD_INVALID(HttpStatus.BAD_REQUEST),
    /** Blob upload unknown to registry: the upload was cancelled, completed or never started. */
    BLOB_UPLOAD_UNKNOWN(HttpStatus.NOT_FOUND),
    /** Provided digest did not match uploaded content. */
    DIGEST_INVALID(HttpStatus.BAD_REQUEST),
    /** Manifest references a manifest or blob unknown to registry. */
    MANIFEST_BLOB_UNKNOWN(HttpStatus.BAD_REQUEST),
    /** Manifest invalid: the manifest failed validation. */
    MANIFEST_INVALID(HttpStatus.BAD_REQUEST),
    /** Manifest unknown: the named manifest is not known to the registry. */
    MANIFEST_UNKNOWN(HttpStatus.NOT_FOUND),
    /** Invalid repository name. */
    NAME_INVALID(HttpStatus.BAD_REQUEST),
    /** Repository name not known to registry. */
    NAME_UNKNOWN(HttpStatus.NOT_FOUND),
    /** Provided length did not match content length. */
    SIZE_INVALID(HttpStatus.BAD_REQUEST),
    /** Authentication required. */
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED),
    /** Requested access to the resource is denied. */
    DENIED(HttpStatus.FORBIDDEN),
    /** The operation is unsupported. */
    UNSUPPORTED(HttpStatus.METHOD_NOT_ALLOWED),
    /** Too many requests. */
    TOOMANYREQUESTS(HttpStatus.TOO_MANY_REQUESTS),
    /** A Range or Content-Range the registry cannot satisfy, such as an upload chunk that leaves a gap or overlaps. */
    RANGE_INVALID(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE),
    /** The {@code n} or {@code last} parameter of a listing is not usable. */
    PAGINATION_NUMBER_INVALID(HttpStatus.BAD_REQUEST),
    /** The storage behind the registry cannot be reached now; retrying later may succeed. */
    UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE),
    /** The registry failed in a way that is not the client's doing. */
    UNKNOWN(HttpStatus.INTERNAL_SERVER_ERROR);

    private final HttpStatus status;

    ErrorCode(HttpStatus status) {
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }
}
