package dev.berth.registry.http;

import dev.berth.registry.repository.CorruptBlobException;
import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.Fact;
import dev.berth.registry.errors.RegistryException;
import dev.berth.storage.StorageException;
import dev.berth.storage.StorageUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.databind.ObjectMapper;

/**
 * The one place where failures of the endpoints become responses, in the spec's format
 * ({@link ErrorDocuments}): a {@link RegistryException}'s code and fact give the status and headers
 * ({@link ErrorStatus}); storage trouble is 503 or 500 and logged. No message names a class, a
 * storage path or where the storage is: those go to the log only.
 */
@RestControllerAdvice
class OciErrorResponses {
    private static final Logger log = LoggerFactory.getLogger(OciErrorResponses.class);

    private final ObjectMapper json;

    OciErrorResponses(ObjectMapper json) {
        this.json = json;
    }

    @ExceptionHandler(RegistryException.class)
    ResponseEntity<byte[]> registry(RegistryException e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        return respond(e, ErrorStatus.of(e), headersFor(e, request), request, response);
    }

    @ExceptionHandler(MethodNotAllowed.class)
    ResponseEntity<byte[]> methodNotAllowed(MethodNotAllowed e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.ALLOW, e.allowHeader());
        return respond(RegistryException.of(ErrorCode.UNSUPPORTED, e.getMessage()), HttpStatus.METHOD_NOT_ALLOWED, headers,
                request, response);
    }

    @ExceptionHandler(UncheckedIOException.class)
    ResponseEntity<byte[]> uncheckedIo(UncheckedIOException e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        return io(e.getCause(), request, response);
    }

    @ExceptionHandler(IOException.class)
    ResponseEntity<byte[]> io(IOException e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (MalformedRequests.isMalformedRequest(e)) {
            return malformed(request, response);
        }
        if (e instanceof StorageUnavailableException) {
            log.warn("{} {}: storage unavailable: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
            return registry(RegistryException.of(ErrorCode.UNAVAILABLE, "the storage is unavailable; retry later"), request, response);
        }
        if (e instanceof CorruptBlobException) {
            return registry(RegistryException.of(ErrorCode.UNKNOWN, "the stored blob failed verification"), request, response);
        }
        if (!(e instanceof StorageException)) {
            throw e; // the client went away or a response was aborted on purpose: nothing to tell anyone
        }
        return unexpected(e, request, response);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<byte[]> unexpected(Exception e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (e instanceof ErrorResponse spring && spring.getStatusCode().is4xxClientError()) {
            // Spring's own answer to a client's mistake outside /v2/ (no such path, such as an actuator endpoint not exposed)
            // The problem's detail is written for clients; the exception's message may name classes.
            String detail = spring.getBody().getDetail();
            HttpStatus status = HttpStatus.valueOf(spring.getStatusCode().value());
            return respond(RegistryException.of(ErrorCode.UNSUPPORTED, detail != null ? detail : status.getReasonPhrase()), status,
                    spring.getHeaders(), request, response);
        }
        if (MalformedRequests.isMalformedRequest(e)) {
            return malformed(request, response);
        }
        log.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
        return registry(RegistryException.of(ErrorCode.UNKNOWN, "the registry failed to handle the request"), request, response);
    }

    private ResponseEntity<byte[]> malformed(HttpServletRequest request, HttpServletResponse response) throws IOException {
        return respond(RegistryException.of(ErrorCode.UNSUPPORTED, "the request cannot be read as sent"), HttpStatus.BAD_REQUEST,
                new HttpHeaders(), request, response);
    }

    /** Headers a fact asks for: where an upload stands, the size of a blob a range missed. */
    private static HttpHeaders headersFor(RegistryException e, HttpServletRequest request) {
        HttpHeaders headers = new HttpHeaders();
        switch (e.fact().orElse(null)) {
            case Fact.UploadProgress progress -> {
                // only requests to the upload's own URL report its progress
                headers.set(HttpHeaders.LOCATION, request.getRequestURI());
                headers.set(HttpHeaders.RANGE, UploadLocations.range(progress.size()));
            }
            case Fact.OutsideBlob outside -> headers.set(HttpHeaders.CONTENT_RANGE, "bytes */" + outside.size());
            case null, default -> {
            }
        }
        if (e.code() == ErrorCode.UNAUTHORIZED) {
            headers.set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"berth\"");
        }
        return headers;
    }

    private ResponseEntity<byte[]> respond(RegistryException e, HttpStatus status, HttpHeaders extra, HttpServletRequest request,
                                           HttpServletResponse response) throws IOException {
        if (response.isCommitted()) {
            throw new IOException("response already committed when failing with " + e.code() + ": " + e.getMessage(), e);
        }
        response.reset();
        HttpHeaders headers = ErrorDocuments.headers();
        headers.addAll(extra);
        byte[] body = ErrorDocuments.body(json, e);
        return ResponseEntity.status(status).headers(headers).body("HEAD".equals(request.getMethod()) ? null : body);
    }
}
