package dev.berth.registry.http;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.Fact;
import dev.berth.registry.errors.RegistryException;
import org.springframework.http.HttpStatus;

/** The HTTP status each error is answered with: the code's, unless a fact of the error asks for another. */
public final class ErrorStatus {
    private ErrorStatus() {
    }

    public static HttpStatus of(RegistryException e) {
        return switch (e.fact().orElse(null)) {
            case Fact.TooLarge tooLarge -> HttpStatus.CONTENT_TOO_LARGE;
            case Fact.NoSuchEndpoint none -> HttpStatus.NOT_FOUND;
            case Fact.Malformed malformed -> HttpStatus.BAD_REQUEST;
            case null, default -> of(e.code());
        };
    }

    /** As the spec's table (and, for codes it does not list, CNCF distribution) sends them. */
    public static HttpStatus of(ErrorCode code) {
        return switch (code) {
            case BLOB_UNKNOWN, BLOB_UPLOAD_UNKNOWN, MANIFEST_UNKNOWN, NAME_UNKNOWN -> HttpStatus.NOT_FOUND;
            case BLOB_UPLOAD_INVALID, DIGEST_INVALID, MANIFEST_BLOB_UNKNOWN, MANIFEST_INVALID, NAME_INVALID, SIZE_INVALID,
                 PAGINATION_NUMBER_INVALID -> HttpStatus.BAD_REQUEST;
            case UNAUTHORIZED -> HttpStatus.UNAUTHORIZED;
            case DENIED -> HttpStatus.FORBIDDEN;
            case UNSUPPORTED -> HttpStatus.METHOD_NOT_ALLOWED;
            case TOOMANYREQUESTS -> HttpStatus.TOO_MANY_REQUESTS;
            case RANGE_INVALID -> HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case UNKNOWN -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }
}
