package dev.berth.registry.http;

import dev.berth.registry.catalog.Catalog;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.Page;
import dev.berth.registry.naming.PageRequest;
import dev.berth.registry.remote.RepositoryLocator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The read-only listings: {@code _catalog}, {@code tags/list} and {@code referrers/<digest>}. */
@Component
class ListingEndpoints {
    private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

    private final Catalog catalog;
    private final RepositoryLocator repositories;
    private final ObjectMapper json;

    ListingEndpoints(Catalog catalog, RepositoryLocator repositories, ObjectMapper json) {
        this.catalog = catalog;
        this.repositories = repositories;
        this.json = json;
    }

    ResponseEntity<byte[]> catalog(ApiRequest request) {
        request.requireMethod(Set.of("GET"));
        PageRequest pageRequest = PageRequest.parse(request.query("n"), request.query("last"));
        Page page = catalog.list(pageRequest);
        return paged(page, pageRequest, "/v2/_catalog", Map.of("repositories", page.entries()));
    }

    ResponseEntity<byte[]> tags(Route.Tags route, ApiRequest request) {
        request.requireMethod(Set.of("GET"));
        PageRequest pageRequest = PageRequest.parse(request.query("n"), request.query("last"));
        RepositoryLocator.Located located = repositories.locate(route.repository());
        Page page = located.view().tags().list(located.repository(), pageRequest);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", route.repository().value());
        body.put("tags", page.entries());
        return paged(page, pageRequest, "/v2/" + route.repository() + "/tags/list", body);
    }

    ResponseEntity<byte[]> referrers(Route.Referrers route, ApiRequest request) {
        request.requireMethod(Set.of("GET"));
        Digest subject = Digest.parse(route.subject());
        Optional<String> artifactType = Optional.ofNullable(request.query("artifactType")).filter(type -> !type.isEmpty());
        RepositoryLocator.Located located = repositories.locate(route.repository());
        List<JsonNode> descriptors = located.view().referrers().list(located.repository(), subject, artifactType);
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("mediaType", OCI_INDEX);
        index.put("manifests", descriptors);
        ResponseEntity.BodyBuilder response = ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, OCI_INDEX);
        artifactType.ifPresent(type -> response.header(ApiHeaders.FILTERS_APPLIED, "artifactType"));
        return response.body(json.writeValueAsBytes(index));
    }

    /** The JSON body, with a {@code Link} to the next page when there is one. */
    private ResponseEntity<byte[]> paged(Page page, PageRequest request, String path, Map<String, Object> body) {
        ResponseEntity.BodyBuilder response = ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, ApiHeaders.JSON);
        if (page.more()) {
            // Repository names and tags hold only characters that need no escaping in a query.
            String next = path + "?n=" + request.n().orElse(page.entries().size()) + "&last=" + page.entries().getLast();
            response.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
        }
        return response.body(json.writeValueAsBytes(body));
    }
}
