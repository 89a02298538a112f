package dev.berth.registry.http;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.Fact;
import dev.berth.registry.errors.RegistryException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Every {@code /v2} request comes here and goes to its endpoint by {@link Route}: repository
 * names hold slashes, which fixed path patterns cannot tell from the endpoint's own segments.
 */
@RestController
class RegistryController {
    private final BlobEndpoints blobs;
    private final UploadEndpoints uploads;
    private final ManifestEndpoints manifests;
    private final ListingEndpoints listings;

    RegistryController(BlobEndpoints blobs, UploadEndpoints uploads, ManifestEndpoints manifests, ListingEndpoints listings) {
        this.blobs = blobs;
        this.uploads = uploads;
        this.manifests = manifests;
        this.listings = listings;
    }

    @RequestMapping({"/v2", "/v2/", "/v2/**"})
    ResponseEntity<byte[]> handle(HttpServletRequest servletRequest, HttpServletResponse response) throws IOException {
        ApiRequest request = new ApiRequest(servletRequest);
        response.setHeader(ApiHeaders.API_VERSION, ApiHeaders.API_VERSION_VALUE);
        // http.server.requests would otherwise tag every request with this method's catch-all pattern.
        ServerHttpObservationFilter.findObservationContext(servletRequest)
                .ifPresent(context -> context.setPathPattern(Route.template(request.path())));
        Route route = Route.of(request.path());
        return switch (route) {
            case Route.Ping ping -> {
                request.requireMethod(Set.of("GET", "HEAD"));
                yield ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, ApiHeaders.JSON).body("{}".getBytes());
            }
            case Route.Catalog catalog -> listings.catalog(request);
            case Route.Tags tags -> listings.tags(tags, request);
            case Route.Referrers referrers -> listings.referrers(referrers, request);
            case Route.Manifest manifest -> manifests.handle(manifest, request);
            case Route.Blob blob -> blobs.handle(blob, request, response);
            case Route.Upload upload -> uploads.handle(upload, request);
            case Route.Unknown unknown -> throw RegistryException.of(ErrorCode.UNSUPPORTED, "no such endpoint", request.path())
                    .with(new Fact.NoSuchEndpoint());
        };
    }
}
