package dev.berth.registry.http;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.metrics.RegistryMetrics;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.uploads.ContentRange;
import dev.berth.registry.uploads.UploadChunk;
import dev.berth.registry.uploads.UploadId;
import dev.berth.registry.uploads.UploadService;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * {@code /v2/<name>/blobs/uploads/}: POST starts an upload, pushes a whole blob ({@code digest})
 * or mounts one ({@code mount}, {@code from}); {@code /v2/<name>/blobs/uploads/<id>}: GET status,
 * PATCH a chunk, PUT to complete, DELETE to cancel.
 */
@Component
class UploadEndpoints {
    private final UploadService uploads;
    private final RegistryMetrics metrics;

    UploadEndpoints(UploadService uploads, RegistryMetrics metrics) {
        this.uploads = uploads;
        this.metrics = metrics;
    }

    ResponseEntity<byte[]> handle(Route.Upload route, ApiRequest request) throws IOException {
        RepositoryName repository = route.repository();
        if (route.id().isEmpty()) {
            request.requireMethod(Set.of("POST"));
            return start(repository, request);
        }
        request.requireMethod(Set.of("GET", "PATCH", "PUT", "DELETE"));
        UploadId id = new UploadId(route.id());
        return switch (request.method()) {
            case "GET" -> Responses.upload(HttpStatus.NO_CONTENT, uploads.status(repository, id));
            case "PATCH" -> Responses.upload(HttpStatus.ACCEPTED, uploads.append(repository, id, chunk(request)));
            case "PUT" -> Responses.blobCreated(repository, uploads.complete(repository, id, requiredDigest(request), chunk(request)));
            default -> {
                uploads.cancel(repository, id);
                yield Responses.empty(HttpStatus.NO_CONTENT);
            }
        };
    }

    private ResponseEntity<byte[]> start(RepositoryName repository, ApiRequest request) throws IOException {
        String mount = request.query("mount");
        if (mount != null) {
            Digest digest = Digest.parse(mount);
            Optional<RepositoryName> source = Optional.ofNullable(request.query("from")).map(RepositoryName::new);
            if (uploads.mount(repository, digest, source)) {
                return Responses.blobCreated(repository, digest);
            }
        }
        String digest = request.query("digest");
        if (digest != null) {
            return Responses.blobCreated(repository, uploads.pushWhole(repository, Digest.parse(digest), chunk(request)));
        }
        return Responses.upload(HttpStatus.ACCEPTED, uploads.start(repository));
    }

    private static Digest requiredDigest(ApiRequest request) {
        String digest = request.query("digest");
        if (digest == null) {
            throw RegistryException.of(ErrorCode.DIGEST_INVALID, "completing an upload needs the digest query parameter");
        }
        return Digest.parse(digest);
    }

    private UploadChunk chunk(ApiRequest request) throws IOException {
        return new UploadChunk(ContentRange.parse(request.header("Content-Range")), request.contentLength(),
                metrics.receiving(RegistryMetrics.Content.BLOB, request.body()));
    }
}
