package dev.berth.registry.http;

import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.Page;
import dev.berth.registry.naming.PageRequest;
import dev.berth.registry.repository.Catalog;
import dev.berth.registry.repository.Operation;
import dev.berth.registry.repository.ReferrerPage;
import dev.berth.registry.repository.Referrer;
import dev.berth.registry.repository.Repository;
import dev.berth.registry.repository.RepositoryLocator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.ObjectMapper;

/** The read-only listings: {@code _catalog}, {@code tags/list} and {@code referrers/<digest>}. */
class ListingEndpoints {
    private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    /** The most repositories one catalog answer lists (as CNCF distribution's default); the Link header gives the rest. */
    static final int MAX_CATALOG_PAGE = 1000;
    /** The most referrers one answer lists; the Link header gives the rest. */
    static final int MAX_REFERRERS_PAGE = 1000;

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
        PageRequest pageRequest = PageRequest.parse(request.query("n"), request.query("last")).atMost(MAX_CATALOG_PAGE);
        Page page = catalog.list(pageRequest);
        return paged(page, pageRequest, "/v2/_catalog", Map.of("repositories", page.entries()));
    }

    ResponseEntity<byte[]> tags(Route.Tags route, ApiRequest request) {
        request.requireMethod(Set.of("GET"));
        PageRequest pageRequest = PageRequest.parse(request.query("n"), request.query("last"));
        Repository repository = repositories.locate(route.repository());
        repository.require(Operation.PULL, route.repository());
        Page page = repository.tags().list(repository.name(), pageRequest);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", route.repository().value());
        body.put("tags", page.entries());
        return paged(page, pageRequest, "/v2/" + route.repository() + "/tags/list", body);
    }

    /**
     * The referrers of a subject as an OCI index, a page at a time (OCI 1.1 lets a registry page them
     * with a {@code Link} header): {@code n} asks for fewer, and the repository may answer fewer still.
     */
    ResponseEntity<byte[]> referrers(Route.Referrers route, ApiRequest request) {
        request.requireMethod(Set.of("GET"));
        Digest subject = Digest.parse(route.subject());
        Optional<String> artifactType = Optional.ofNullable(request.query("artifactType")).filter(type -> !type.isEmpty());
        PageRequest pageRequest = PageRequest.parse(request.query("n"), request.query("last")).atMost(MAX_REFERRERS_PAGE);
        Repository repository = repositories.locate(route.repository());
        repository.require(Operation.PULL, route.repository());
        ReferrerPage page = repository.referrers().page(repository.name(), subject, artifactType, pageRequest);
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("mediaType", OCI_INDEX);
        index.put("manifests", page.referrers().stream().map(ListingEndpoints::descriptor).toList());
        ResponseEntity.BodyBuilder response = ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, OCI_INDEX);
        artifactType.ifPresent(type -> response.header(ApiHeaders.FILTERS_APPLIED, "artifactType"));
        page.next().ifPresent(last -> {
            // encoded as QueryParameters decodes it: '+' is a space there
            String next = "/v2/" + route.repository() + "/referrers/" + subject + "?n=" + pageRequest.n().orElseThrow()
                    + "&last=" + last + artifactType.map(type -> "&artifactType=" + URLEncoder.encode(type, StandardCharsets.UTF_8))
                    .orElse("");
            response.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
        });
        return response.body(json.writeValueAsBytes(index));
    }

    private static Map<String, Object> descriptor(Referrer referrer) {
        Map<String, Object> descriptor = new LinkedHashMap<>();
        descriptor.put("mediaType", referrer.mediaType().value());
        descriptor.put("digest", referrer.digest().toString());
        descriptor.put("size", referrer.size());
        referrer.artifactType().ifPresent(type -> descriptor.put("artifactType", type));
        referrer.annotations().ifPresent(annotations -> descriptor.put("annotations", annotations));
        return descriptor;
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
