package dev.berth.registry.http;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.manifests.ManifestService;
import dev.berth.registry.manifests.PushedManifest;
import dev.berth.registry.manifests.StoredManifest;
import dev.berth.registry.metrics.RegistryMetrics;
import dev.berth.registry.naming.MediaType;
import dev.berth.registry.naming.Reference;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import dev.berth.registry.remote.RepositoryLocator;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/** {@code /v2/<name>/manifests/<reference>}: GET, HEAD, PUT (with {@code tag} parameters), DELETE. */
@Component
class ManifestEndpoints {
    private final ManifestService manifests;
    private final RepositoryLocator repositories;
    private final RegistryMetrics metrics;

    ManifestEndpoints(ManifestService manifests, RepositoryLocator repositories, RegistryMetrics metrics) {
        this.manifests = manifests;
        this.repositories = repositories;
        this.metrics = metrics;
    }

    ResponseEntity<byte[]> handle(Route.Manifest route, ApiRequest request) throws IOException {
        request.requireMethod(Set.of("GET", "HEAD", "PUT", "DELETE"));
        RepositoryName repository = route.repository();
        Reference reference = Reference.parse(route.reference());
        return switch (request.method()) {
            case "PUT" -> push(repository, reference, request);
            case "DELETE" -> {
                manifests.delete(repository, reference);
                yield Responses.empty(HttpStatus.ACCEPTED);
            }
            default -> {
                RepositoryLocator.Located located = repositories.locate(repository);
                StoredManifest manifest = located.view().manifests().get(located.repository(), reference);
                repositories.verified(located, manifest.digest());
                if (!request.isHead()) {
                    metrics.sent(RegistryMetrics.Content.MANIFEST, manifest.content().length);
                }
                ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
                located.view().blobs().contentId(manifest.digest()).ifPresent(cid -> ok.header(ApiHeaders.IPFS_PATH, "/ipfs/" + cid));
                yield ok
                        .header(HttpHeaders.CONTENT_TYPE, manifest.mediaType().value())
                        .header(ApiHeaders.CONTENT_DIGEST, manifest.digest().toString())
                        .header(HttpHeaders.ETAG, "\"" + manifest.digest() + "\"")
                        .header(HttpHeaders.CONTENT_LENGTH, Integer.toString(manifest.content().length))
                        .body(request.isHead() ? null : manifest.content());
            }
        };
    }

    private ResponseEntity<byte[]> push(RepositoryName repository, Reference reference, ApiRequest request) throws IOException {
        List<Tag> tags = request.queryAll("tag").stream().map(Tag::new).toList();
        Optional<MediaType> contentType = Optional.ofNullable(request.header(HttpHeaders.CONTENT_TYPE)).map(MediaType::ofHeader);
        PushedManifest pushed = manifests.push(repository, reference, contentType, readBounded(request), tags);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.CREATED)
                .header(HttpHeaders.LOCATION, "/v2/" + repository + "/manifests/" + pushed.digest())
                .header(ApiHeaders.CONTENT_DIGEST, pushed.digest().toString())
                .header(HttpHeaders.CONTENT_LENGTH, "0");
        pushed.subject().ifPresent(subject -> response.header(ApiHeaders.SUBJECT, subject.toString()));
        tags.forEach(tag -> response.header(ApiHeaders.TAG, tag.value()));
        return response.build();
    }

    /** Reads at most one byte more than a manifest may have, so an oversized one is refused without being held. */
    private byte[] readBounded(ApiRequest request) throws IOException {
        if (request.contentLength().orElse(0) > ManifestService.MAX_SIZE) {
            throw RegistryException.of(ErrorCode.MANIFEST_INVALID, "a manifest may have at most " + ManifestService.MAX_SIZE + " bytes")
                    .withStatus(HttpStatus.CONTENT_TOO_LARGE);
        }
        try (InputStream body = metrics.receiving(RegistryMetrics.Content.MANIFEST, request.body())) {
            return body.readNBytes(ManifestService.MAX_SIZE + 1);
        }
    }
}
