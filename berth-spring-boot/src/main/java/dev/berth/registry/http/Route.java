package dev.berth.registry.http;

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

    record Ping() implements Route {}

    record Catalog() implements Route {}

    record Tags(RepositoryName repository) implements Route {}

    record Manifest(RepositoryName repository, String reference) implements Route {}

    record Blob(RepositoryName repository, String digest) implements Route {}

    /** {@code /blobs/uploads/} to start an upload, or {@code /blobs/uploads/<id>} for one in progress. */
    record Upload(RepositoryName repository, String id) implements Route {}

    record Referrers(RepositoryName repository, String subject) implements Route {}

    record Unknown() implements Route {}

    /** The request's decoded path within the application, which routes are matched against. */
    static String path(HttpServletRequest request) {
        String uri = request.getRequestURI().substring(request.getContextPath().length());
        return UriUtils.decode(uri, StandardCharsets.UTF_8);
    }

    /** The route of a decoded path; a malformed repository name is NAME_INVALID. */
    static Route of(String path) {
        if (path.equals("/v2") || path.equals("/v2/")) {
            return new Ping();
        }
        if (path.equals("/v2/_catalog")) {
            return new Catalog();
        }
        Matcher matcher = REPOSITORY_ROUTE.matcher(path);
        if (!matcher.matches()) {
            return new Unknown();
        }
        RepositoryName name = new RepositoryName(matcher.group("name"));
        if (matcher.group("tags") != null) {
            return new Tags(name);
        } else if (matcher.group("reference") != null) {
            return new Manifest(name, matcher.group("reference"));
        } else if (matcher.group("upload") != null) {
            return new Upload(name, matcher.group("upload"));
        } else if (matcher.group("blob") != null) {
            return new Blob(name, matcher.group("blob"));
        }
        return new Referrers(name, matcher.group("subject"));
    }
}
