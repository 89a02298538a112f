package dev.berth.registry.http;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.Fact;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.metrics.RegistryMetrics;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.MediaType;
import dev.berth.registry.naming.Reference;
import dev.berth.registry.naming.Tag;
import dev.berth.registry.oci.Manifest;
import dev.berth.registry.repository.ManifestInfo;
import dev.berth.registry.repository.Operation;
import dev.berth.registry.repository.PushedManifest;
import dev.berth.registry.repository.Repository;
import dev.berth.registry.repository.RepositoryLocator;
import dev.berth.registry.repository.StoredManifest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** {@code /v2/<name>/manifests/<reference>}: GET, HEAD, PUT (with {@code tag} parameters), DELETE. */
class ManifestEndpoints {
    private final RepositoryLocator repositories;
    private final RegistryMetrics metrics;

    ManifestEndpoints(RepositoryLocator repositories, RegistryMetrics metrics) {
        this.repositories = repositories;
        this.metrics = metrics;
    }

    ResponseEntity<byte[]> handle(Route.Manifest route, ApiRequest request) throws IOException {
        request.requireMethod(Set.of("GET", "HEAD", "PUT", "DELETE"));
        Repository repository = repositories.locate(route.repository());
        return switch (request.method()) {
            case "PUT" -> {
                repository.require(Operation.PUSH, route.repository());
                yield push(route, repository, Reference.parse(route.reference()), request);
            }
            case "DELETE" -> {
                repository.require(Operation.DELETE, route.repository());
                switch (Reference.parse(route.reference())) {
                    case Tag tag -> repository.tags().delete(repository.name(), tag);
                    case Digest digest -> repository.manifests().delete(repository.name(), digest);
                }
                yield Responses.empty(HttpStatus.ACCEPTED);
            }
            default -> {
                repository.require(Operation.PULL, route.repository());
                Reference reference = Reference.parse(route.reference());
                if (request.isHead()) {
                    yield found(repository.manifests().stat(repository.name(), reference)).build();
                }
                StoredManifest manifest = repository.manifests().get(repository.name(), reference);
                metrics.sent(RegistryMetrics.Content.MANIFEST, manifest.content().length);
                yield found(manifest.info()).body(manifest.content());
            }
        };
    }

    /**
     * The headers of a manifest found. Its media type is its Content-Type only when it is a manifest
     * format the registry vouches for; anything else (stored before pushes were checked, or read from a
     * remote tree) goes out as plain bytes, so that no stored content is ever served as, say, HTML.
     */
    private static ResponseEntity.BodyBuilder found(ManifestInfo manifest) {
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
        manifest.contentId().ifPresent(cid -> ok.header(ApiHeaders.IPFS_PATH, "/ipfs/" + cid));
        String contentType = manifest.mediaType().isManifest() ? manifest.mediaType().value() : ApiHeaders.OCTETS;
        return ok.header(HttpHeaders.CONTENT_TYPE, contentType)
                .header(ApiHeaders.CONTENT_DIGEST, manifest.digest().toString())
                .header(HttpHeaders.ETAG, "\"" + manifest.digest() + "\"")
                .header(HttpHeaders.CONTENT_LENGTH, Long.toString(manifest.size()));
    }

    private ResponseEntity<byte[]> push(Route.Manifest route, Repository repository, Reference reference, ApiRequest request)
            throws IOException {
        List<Tag> tags = request.queryAll("tag").stream().map(Tag::new).toList();
        Optional<MediaType> contentType = Optional.ofNullable(request.header(HttpHeaders.CONTENT_TYPE)).map(MediaType::ofHeader);
        PushedManifest pushed = repository.manifests().put(repository.name(), reference, contentType, readBounded(request), tags);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.CREATED)
                .header(HttpHeaders.LOCATION, "/v2/" + route.repository() + "/manifests/" + pushed.digest())
                .header(ApiHeaders.CONTENT_DIGEST, pushed.digest().toString())
                .header(HttpHeaders.CONTENT_LENGTH, "0");
        pushed.subject().ifPresent(subject -> response.header(ApiHeaders.SUBJECT, subject.toString()));
        tags.forEach(tag -> response.header(ApiHeaders.TAG, tag.value()));
        return response.build();
    }

    /** Reads at most one byte more than a manifest may have, so an oversized one is refused without being held. */
    private byte[] readBounded(ApiRequest request) throws IOException {
        if (request.contentLength().orElse(0) > Manifest.MAX_SIZE) {
            throw RegistryException.of(ErrorCode.MANIFEST_INVALID, "a manifest may have at most " + Manifest.MAX_SIZE + " bytes")
                    .with(new Fact.TooLarge(Manifest.MAX_SIZE));
        }
        try (InputStream body = metrics.receiving(RegistryMetrics.Content.MANIFEST, request.body())) {
            return body.readNBytes(Manifest.MAX_SIZE + 1);
        }
    }
}
