package dev.berth.registry.http;

import dev.berth.registry.blobs.BlobStore;
import dev.berth.registry.blobs.VerifiedBlob;
import dev.berth.registry.metrics.RegistryMetrics;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.remote.RepositoryLocator;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/** {@code /v2/<name>/blobs/<digest>}: GET and HEAD (with ranges), DELETE. */
@Component
class BlobEndpoints {
    private final RepositoryLocator repositories;
    private final RegistryMetrics metrics;

    BlobEndpoints(RepositoryLocator repositories, RegistryMetrics metrics) {
        this.repositories = repositories;
        this.metrics = metrics;
    }

    ResponseEntity<byte[]> handle(Route.Blob route, ApiRequest request, HttpServletResponse response) throws IOException {
        request.requireMethod(Set.of("GET", "HEAD", "DELETE"));
        Digest digest = Digest.parse(route.digest());
        RepositoryLocator.Located located = repositories.locate(route.repository());
        BlobStore blobs = located.view().blobs();
        if (request.method().equals("DELETE")) {
            blobs.unlink(located.repository(), digest);
            return Responses.empty(HttpStatus.ACCEPTED);
        }
        VerifiedBlob blob = blobs.open(located.repository(), digest, request.header(HttpHeaders.RANGE));
        // Written straight to the response so that the body streams and a failed check can cut it short.
        response.setStatus(blob.range() == null ? HttpStatus.OK.value() : HttpStatus.PARTIAL_CONTENT.value());
        response.setHeader(ApiHeaders.API_VERSION, ApiHeaders.API_VERSION_VALUE);
        response.setHeader(ApiHeaders.CONTENT_DIGEST, digest.toString());
        response.setHeader(HttpHeaders.ETAG, "\"" + digest + "\"");
        response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
        blob.contentId().ifPresent(cid -> response.setHeader(ApiHeaders.IPFS_PATH, "/ipfs/" + cid));
        response.setContentType("application/octet-stream");
        response.setContentLengthLong(blob.contentLength());
        if (blob.range() != null) {
            response.setHeader(HttpHeaders.CONTENT_RANGE, blob.range().contentRange());
        }
        if (!request.isHead()) {
            blob.transferTo(metrics.sending(RegistryMetrics.Content.BLOB, response.getOutputStream()));
            repositories.verified(located, digest);
        }
        return null;
    }
}
