package dev.berth.registry.security;

import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.http.QueryParameters;
import dev.berth.registry.http.Route;
import dev.berth.registry.naming.RepositoryName;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The scopes a request needs, from the route it names: GET and HEAD pull; POST, PATCH and PUT
 * pull and push (a pusher checks what is there); DELETE delete. Uploads take pull and push whatever
 * the method: asking where one's own upload stands and cancelling it are part of pushing, and an
 * upload's status is no content anyone else may read. A cross-repository mount
 * ({@code mount} and {@code from}) also pulls from the source. {@code _catalog} and
 * {@code /berth/v1/root} show every repository, so they need {@link Scope#CATALOG}. The ping and
 * paths that name no endpoint need only a login; a malformed name needs only a login too, and the
 * registry then refuses it as it would anyway.
 */
final class RequiredAccess {
    /** {@code /berth/v1/images/<name>/<reference>}: an image's CID hands out its content, so it takes pull. */
    private static final String IMAGES = "/berth/v1/images/";

    private RequiredAccess() {}

    static List<Scope> of(HttpServletRequest request) {
        String path = Route.path(request);
        if (path.startsWith("/berth/v1/root")) {
            return List.of(Scope.CATALOG);
        }
        if (path.startsWith(IMAGES)) {
            return imageOf(path.substring(IMAGES.length()));
        }
        if (!path.startsWith("/v2")) {
            return List.of();
        }
        Route route;
        try {
            route = Route.of(path);
        } catch (RegistryException malformedName) {
            return List.of();
        }
        return switch (route) {
            case Route.Catalog catalog -> List.of(Scope.CATALOG);
            case Route.Tags tags -> byMethod(tags.repository(), request);
            case Route.Referrers referrers -> byMethod(referrers.repository(), request);
            case Route.Manifest manifest -> byMethod(manifest.repository(), request);
            case Route.Blob blob -> byMethod(blob.repository(), request);
            case Route.Upload upload -> withMountSource(List.of(Scope.repository(upload.repository().value(), Action.PULL, Action.PUSH)),
                    request);
            case Route.Ping ping -> List.of();
            case Route.Unknown unknown -> List.of();
        };
    }

    private static List<Scope> imageOf(String nameAndReference) {
        int slash = nameAndReference.lastIndexOf('/');
        try {
            return slash <= 0 ? List.of()
                    : List.of(Scope.repository(new RepositoryName(nameAndReference.substring(0, slash)).value(), Action.PULL));
        } catch (RegistryException malformedName) {
            return List.of(); // the endpoint refuses it as NAME_INVALID
        }
    }

    private static List<Scope> byMethod(RepositoryName repository, HttpServletRequest request) {
        Scope scope = switch (request.getMethod()) {
            case "GET", "HEAD" -> Scope.repository(repository.value(), Action.PULL);
            case "DELETE" -> Scope.repository(repository.value(), Action.DELETE);
            default -> Scope.repository(repository.value(), Action.PULL, Action.PUSH);
        };
        return List.of(scope);
    }

    private static List<Scope> withMountSource(List<Scope> scopes, HttpServletRequest request) {
        String from = mountSource(request);
        if (from == null) {
            return scopes;
        }
        List<Scope> all = new ArrayList<>(scopes);
        try {
            all.add(Scope.repository(new RepositoryName(from).value(), Action.PULL));
        } catch (RegistryException malformedName) {
            // The registry refuses it as NAME_INVALID.
        }
        return all;
    }

    /** The {@code from} of a mount request, or null; read from the query the endpoint reads. */
    static String mountSource(HttpServletRequest request) {
        if (!"POST".equals(request.getMethod())) {
            return null;
        }
        QueryParameters query = QueryParameters.of(request);
        return query.has("mount") ? query.first("from").orElse(null) : null;
    }
}
