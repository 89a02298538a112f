package dev.berth.registry.fuzz;

import dev.berth.registry.fuzz.Violation.Invariant;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The checks every response passes, whatever was asked. */
final class Invariants {
    /** The spec's error codes, and the four of CNCF distribution's that clients also know. */
    static final Set<String> ERROR_CODES = Set.of("BLOB_UNKNOWN", "BLOB_UPLOAD_INVALID", "BLOB_UPLOAD_UNKNOWN", "DIGEST_INVALID",
            "MANIFEST_BLOB_UNKNOWN", "MANIFEST_INVALID", "MANIFEST_UNKNOWN", "NAME_INVALID", "NAME_UNKNOWN", "SIZE_INVALID",
            "UNAUTHORIZED", "DENIED", "UNSUPPORTED", "TOOMANYREQUESTS",
            "RANGE_INVALID", "PAGINATION_NUMBER_INVALID", "UNAVAILABLE", "UNKNOWN");
    /** What the registry may label a body as: its own JSON, blob bytes, and the manifest media types it serves. */
    static final Set<String> CONTENT_TYPES = Set.of("application/json", "application/octet-stream",
            "application/vnd.oci.image.manifest.v1+json", "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json", "application/vnd.docker.distribution.manifest.list.v2+json");
    /** What Spring Boot's actuator labels its own answers, under /actuator only. */
    static final Set<String> ACTUATOR_CONTENT_TYPES = Set.of("application/vnd.spring-boot.actuator.v3+json", "application/json",
            "text/plain", "application/openmetrics-text");
    /**
     * What the web UI and the container label answers outside the registry's paths: pages (the UI's,
     * Tomcat's and Boot's error pages) and the UI's assets, every one nosniff.
     */
    static final Set<String> PAGE_CONTENT_TYPES = Set.of("text/html", "text/css", "text/javascript", "application/javascript",
            "image/svg+xml", "image/png");
    /** The registry's own paths, where every error is in the spec's format. */
    private static final Pattern REGISTRY_PATH = Pattern.compile("/(v2|berth/v1)(/.*)?");
    /** A blob or manifest served as stored: the body is the client's own content, which may say anything. */
    private static final Pattern CONTENT_ROUTE = Pattern.compile("/v2/.+/(blobs/(?!uploads/)[^/]+|manifests/[^/]+|referrers/[^/]+)");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final LeakPatterns leaks;

    Invariants(LeakPatterns leaks) {
        this.leaks = leaks;
    }

    List<Violation> check(Exchange exchange) {
        List<Violation> violations = new ArrayList<>();
        int status = exchange.status();
        if (status == 0) {
            violations.add(Violation.of(Invariant.RESPONDS, "no response", exchange.text()));
            return violations;
        }
        if (status >= 500) {
            violations.add(Violation.of(Invariant.NO_SERVER_ERROR, "status " + status, errorCode(exchange).orElse(Snippets.visible(exchange.text(), 200))));
        }
        boolean head = exchange.request().method().equals("HEAD");
        if (status >= 400 && !head && isRegistryPath(exchange)) {
            errorBody(exchange).ifPresent(violations::add);
        }
        internals(exchange).ifPresent(violations::add);
        contentType(exchange).ifPresent(violations::add);
        if (exchange.headerValues("X-Content-Type-Options").stream().noneMatch(v -> v.trim().equalsIgnoreCase("nosniff"))) {
            violations.add(Violation.of(Invariant.NOSNIFF, "missing", "no X-Content-Type-Options: nosniff"));
        }
        return violations;
    }

    /** The first error code of an OCI error body, if the body is one. */
    static Optional<String> errorCode(Exchange exchange) {
        try {
            JsonNode code = JSON.readTree(exchange.body()).path("errors").path(0).path("code");
            return code.isString() ? Optional.of(code.asString()) : Optional.empty();
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    private static Optional<Violation> errorBody(Exchange exchange) {
        JsonNode root;
        try {
            root = JSON.readTree(exchange.body());
        } catch (JacksonException e) {
            return Optional.of(Violation.of(Invariant.OCI_ERROR_BODY, "not JSON", Snippets.visible(exchange.text(), 200)));
        }
        JsonNode errors = root == null ? null : root.get("errors");
        if (errors == null || !errors.isArray() || errors.isEmpty()) {
            return Optional.of(Violation.of(Invariant.OCI_ERROR_BODY, "no errors array", Snippets.visible(exchange.text(), 200)));
        }
        for (JsonNode error : errors) {
            JsonNode code = error.get("code");
            JsonNode message = error.get("message");
            if (code == null || !code.isString() || !ERROR_CODES.contains(code.asString())) {
                return Optional.of(Violation.of(Invariant.OCI_ERROR_BODY, "unknown code", Snippets.visible(error.toString(), 200)));
            }
            if (message == null || !message.isString() || message.asString().isBlank()) {
                return Optional.of(Violation.of(Invariant.OCI_ERROR_BODY, "no message", Snippets.visible(error.toString(), 200)));
            }
        }
        return Optional.empty();
    }

    private Optional<Violation> internals(Exchange exchange) {
        for (var header : exchange.headers()) {
            Optional<String> leak = leaks.find(header.getKey() + ": " + header.getValue());
            if (leak.isPresent()) {
                return Optional.of(Violation.of(Invariant.NO_INTERNALS, "header " + header.getKey() + " " + pattern(leak.get()), leak.get()));
            }
        }
        boolean servedContent = exchange.status() / 100 == 2 && CONTENT_ROUTE.matcher(exchange.request().path()).matches();
        if (!servedContent) {
            String body = new String(exchange.body(), StandardCharsets.UTF_8);
            Optional<String> leak = isRegistryPath(exchange) ? leaks.find(body) : leaks.findInPage(body);
            if (leak.isPresent()) {
                return Optional.of(Violation.of(Invariant.NO_INTERNALS, "body " + pattern(leak.get()), leak.get()));
            }
        }
        return Optional.empty();
    }

    private static Optional<Violation> contentType(Exchange exchange) {
        Optional<String> contentType = exchange.header("Content-Type");
        boolean hasBody = exchange.body().length > 0 || exchange.request().method().equals("HEAD")
                && exchange.header("Content-Length").filter(length -> !length.trim().equals("0")).isPresent();
        if (contentType.isEmpty()) {
            return hasBody ? Optional.of(Violation.of(Invariant.KNOWN_CONTENT_TYPE, "missing", "a body without Content-Type")) : Optional.empty();
        }
        String type = contentType.get().split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        boolean actuator = exchange.request().path().startsWith("/actuator/") && exchange.status() < 400;
        boolean page = !isRegistryPath(exchange) && PAGE_CONTENT_TYPES.contains(type);
        return CONTENT_TYPES.contains(type) || page || actuator && ACTUATOR_CONTENT_TYPES.contains(type) ? Optional.empty()
                : Optional.of(Violation.of(Invariant.KNOWN_CONTENT_TYPE, type, "Content-Type: " + Snippets.visible(contentType.get(), 200)));
    }

    /** Whether the request's path is the registry's (a request too broken to tell its path counts as one). */
    static boolean isRegistryPath(Exchange exchange) {
        String path = exchange.request().path();
        int query = path.indexOf('?');
        String bare = query < 0 ? path : path.substring(0, query);
        return !bare.startsWith("/") || REGISTRY_PATH.matcher(bare).matches();
    }

    private static String pattern(String leak) {
        return leak.substring(0, leak.indexOf(" in "));
    }
}
