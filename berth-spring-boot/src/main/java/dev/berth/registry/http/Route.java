package dev.berth.registry.http;

import dev.berth.registry.naming.RepositoryName;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The endpoint a request path names. Repository names contain slashes, so the path is matched
 * from its end: the name is everything before the last endpoint suffix.
 */
sealed interface Route {
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
