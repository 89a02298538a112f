package dev.berth.registry.http;

import dev.berth.registry.metrics.RegistryMetrics;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.repository.BlobContent;
import dev.berth.registry.repository.Operation;
import dev.berth.registry.repository.RangeRequest;
import dev.berth.registry.repository.Repository;
import dev.berth.registry.repository.RepositoryLocator;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** {@code /v2/<name>/blobs/<digest>}: GET and HEAD (with ranges), DELETE. */
class BlobEndpoints {
    private final RepositoryLocator repositories;
    private final RegistryMetrics metrics;

    BlobEndpoints(RepositoryLocator repositories, RegistryMetrics metrics) {
        this.repositories = repositories;
        this.metrics = metrics;
    }

    ResponseEntity<byte[]> handle(Route.Blob route, ApiRequest request, HttpServletResponse response) throws IOException {
        request.requireMethod(Set.of("GET", "HEAD", "DELETE"));
        Repository repository = repositories.locate(route.repository());
        if (request.method().equals("DELETE")) {
            repository.require(Operation.DELETE, route.repository());
            repository.blobs().delete(repository.name(), Digest.parse(route.digest()));
            return Responses.empty(HttpStatus.ACCEPTED);
        }
        repository.require(Operation.PULL, route.repository());
        Digest digest = Digest.parse(route.digest());
        BlobContent blob = repository.blobs().open(repository.name(), digest, RangeRequest.parse(request.header(HttpHeaders.RANGE)));
        // Written straight to the response so that the body streams and a failed check can cut it short.
        response.setStatus(blob.range().isEmpty() ? HttpStatus.OK.value() : HttpStatus.PARTIAL_CONTENT.value());
        response.setHeader(ApiHeaders.CONTENT_DIGEST, digest.toString());
        response.setHeader(HttpHeaders.ETAG, "\"" + digest + "\"");
        response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
        blob.info().contentId().ifPresent(cid -> response.setHeader(ApiHeaders.IPFS_PATH, "/ipfs/" + cid));
        response.setContentType(ApiHeaders.OCTETS);
        response.setContentLengthLong(blob.contentLength());
        blob.range().ifPresent(range -> response.setHeader(HttpHeaders.CONTENT_RANGE,
                "bytes " + range.first() + "-" + range.last() + "/" + range.size()));
        if (!request.isHead()) {
            blob.transferTo(metrics.sending(RegistryMetrics.Content.BLOB, response.getOutputStream()));
        }
        return null;
    }
}
