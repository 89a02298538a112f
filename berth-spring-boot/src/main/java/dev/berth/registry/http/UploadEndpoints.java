package dev.berth.registry.http;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.metrics.RegistryMetrics;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.repository.ContentRange;
import dev.berth.registry.repository.Operation;
import dev.berth.registry.repository.Repository;
import dev.berth.registry.repository.RepositoryLocator;
import dev.berth.registry.repository.UploadChunk;
import dev.berth.registry.repository.UploadId;
import dev.berth.registry.repository.Uploads;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * {@code /v2/<name>/blobs/uploads/}: POST starts an upload, pushes a whole blob ({@code digest})
 * or mounts one ({@code mount}, {@code from}); {@code /v2/<name>/blobs/uploads/<id>}: GET status,
 * PATCH a chunk, PUT to complete, DELETE to cancel. All of it needs a repository that takes pushes.
 */
class UploadEndpoints {
    private final RepositoryLocator repositories;
    private final RegistryMetrics metrics;

    UploadEndpoints(RepositoryLocator repositories, RegistryMetrics metrics) {
        this.repositories = repositories;
        this.metrics = metrics;
    }

    ResponseEntity<byte[]> handle(Route.Upload route, ApiRequest request) throws IOException {
        RepositoryName asked = route.repository();
        request.requireMethod(route.id().isEmpty() ? Set.of("POST") : Set.of("GET", "PATCH", "PUT", "DELETE"));
        Repository repository = repositories.locate(asked);
        repository.require(Operation.PUSH, asked);
        Uploads uploads = repository.uploads();
        RepositoryName name = repository.name();
        if (route.id().isEmpty()) {
            return start(asked, repository, request);
        }
        UploadId id = new UploadId(route.id());
        return switch (request.method()) {
            case "GET" -> Responses.upload(HttpStatus.NO_CONTENT, asked, uploads.status(name, id));
            case "PATCH" -> Responses.upload(HttpStatus.ACCEPTED, asked, uploads.append(name, id, chunk(request)));
            case "PUT" -> Responses.blobCreated(asked, uploads.complete(name, id, requiredDigest(request), chunk(request)));
            default -> {
                uploads.cancel(name, id);
                yield Responses.empty(HttpStatus.NO_CONTENT);
            }
        };
    }

    private ResponseEntity<byte[]> start(RepositoryName asked, Repository repository, ApiRequest request) throws IOException {
        String mount = request.query("mount");
        if (mount != null) {
            Digest digest = Digest.parse(mount);
            Optional<Repository> source = Optional.ofNullable(request.query("from")).map(RepositoryName::new).map(repositories::locate);
            if (repository.uploads().mount(repository.name(), digest, source)) {
                return Responses.blobCreated(asked, digest);
            }
        }
        String digest = request.query("digest");
        if (digest != null) {
            return Responses.blobCreated(asked, repository.uploads().pushWhole(repository.name(), Digest.parse(digest), chunk(request)));
        }
        return Responses.upload(HttpStatus.ACCEPTED, asked, repository.uploads().start(repository.name()));
    }

    private static Digest requiredDigest(ApiRequest request) {
        String digest = request.query("digest");
        if (digest == null) {
            throw RegistryException.of(ErrorCode.DIGEST_INVALID, "completing an upload needs the digest query parameter");
        }
        return Digest.parse(digest);
    }

    /**
     * The bytes a request brings. A chunk streamed without a Content-Length still says how long it is
     * in its Content-Range, and is held to that: a chunk that brings another count is refused.
     */
    private UploadChunk chunk(ApiRequest request) throws IOException {
        Optional<ContentRange> range = ContentRange.parse(request.header("Content-Range"));
        OptionalLong declared = request.contentLength().isPresent() || range.isEmpty() ? request.contentLength()
                : OptionalLong.of(range.get().length());
        return new UploadChunk(range, declared, metrics.receiving(RegistryMetrics.Content.BLOB, request.body()));
    }
}
