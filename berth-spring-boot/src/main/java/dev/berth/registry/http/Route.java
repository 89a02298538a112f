package dev.berth.registry.http;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.Fact;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.naming.RepositoryName;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.web.util.UriUtils;

/**
 * The endpoint a request path names. Repository names contain slashes, so the path is matched
 * from its end: the name is everything before the last endpoint suffix. Public so that access
 * control maps requests to the same routes the controller serves.
 */
public sealed interface Route {
    Pattern REPOSITORY_ROUTE = Pattern.compile(
            "/v2/(?<name>.+)/(?:(?<tags>tags/list)|manifests/(?<reference>[^/]+)|blobs/uploads/(?<upload>[^/]*)"
                    + "|blobs/(?<blob>[^/]+)|referrers/(?<subject>[^/]+))");

    /** A route within one repository. */
    sealed interface InRepository extends Route {
        RepositoryName repository();
    }

    record Ping() implements Route {}

    record Catalog() implements Route {}

    record Tags(RepositoryName repository) implements InRepository {}

    record Manifest(RepositoryName repository, String reference) implements InRepository {}

    record Blob(RepositoryName repository, String digest) implements InRepository {}

    /** {@code /blobs/uploads/} to start an upload, or {@code /blobs/uploads/<id>} for one in progress. */
    record Upload(RepositoryName repository, String id) implements InRepository {}

    record Referrers(RepositoryName repository, String subject) implements InRepository {}

    record Unknown() implements Route {}

    /** The endpoints, each with its path pattern: what metrics may name (no repository, no digest). */
    enum Endpoint {
        PING("/v2/"),
        CATALOG("/v2/_catalog"),
        TAGS("/v2/{name}/tags/list"),
        MANIFEST("/v2/{name}/manifests/{reference}"),
        UPLOAD_START("/v2/{name}/blobs/uploads/"),
        UPLOAD("/v2/{name}/blobs/uploads/{uuid}"),
        BLOB("/v2/{name}/blobs/{digest}"),
        REFERRERS("/v2/{name}/referrers/{digest}"),
        UNKNOWN("/v2/**");

        final String template;

        Endpoint(String template) {
            this.template = template;
        }
    }

    /** The path's endpoint pattern, such as {@code /v2/{name}/blobs/{digest}}, even when the name in it is invalid. */
    static String template(String path) {
        return endpoint(path, REPOSITORY_ROUTE.matcher(path)).template;
    }

    /** The request's decoded path within the application, which routes are matched against; a malformed escape is a 400. */
    static String path(HttpServletRequest request) {
        String uri = request.getRequestURI().substring(request.getContextPath().length());
        try {
            return UriUtils.decode(uri, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            throw RegistryException.of(ErrorCode.NAME_INVALID, "the path holds a malformed percent-escape", uri).with(new Fact.Malformed());
        }
    }

    /** The route of a decoded path; a malformed repository name is NAME_INVALID. */
    static Route of(String path) {
        Matcher matcher = REPOSITORY_ROUTE.matcher(path);
        return switch (endpoint(path, matcher)) {
            case PING -> new Ping();
            case CATALOG -> new Catalog();
            case UNKNOWN -> new Unknown();
            case TAGS -> new Tags(name(matcher));
            case MANIFEST -> new Manifest(name(matcher), matcher.group("reference"));
            case UPLOAD_START, UPLOAD -> new Upload(name(matcher), matcher.group("upload"));
            case BLOB -> new Blob(name(matcher), matcher.group("blob"));
            case REFERRERS -> new Referrers(name(matcher), matcher.group("subject"));
        };
    }

    private static Endpoint endpoint(String path, Matcher matcher) {
        if (path.equals("/v2") || path.equals("/v2/")) {
            return Endpoint.PING;
        }
        if (path.equals("/v2/_catalog")) {
            return Endpoint.CATALOG;
        }
        if (!matcher.matches()) {
            return Endpoint.UNKNOWN;
        }
        if (matcher.group("tags") != null) {
            return Endpoint.TAGS;
        } else if (matcher.group("reference") != null) {
            return Endpoint.MANIFEST;
        } else if (matcher.group("upload") != null) {
            return matcher.group("upload").isEmpty() ? Endpoint.UPLOAD_START : Endpoint.UPLOAD;
        } else if (matcher.group("blob") != null) {
            return Endpoint.BLOB;
        }
        return Endpoint.REFERRERS;
    }

    private static RepositoryName name(Matcher matcher) {
        return new RepositoryName(matcher.group("name"));
    }
}
