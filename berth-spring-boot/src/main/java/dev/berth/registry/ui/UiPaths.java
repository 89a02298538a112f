package dev.berth.registry.ui;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.Reference;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import java.util.List;

/**
 * The UI's addresses. Repository names hold slashes, so they follow the prefix as they are:
 * {@code /repositories/library/alpine}, and an image as a client names it,
 * {@code /images/library/alpine:3.20} or {@code /images/library/alpine@sha256:...}.
 */
final class UiPaths {
    static final String HOME = "/";
    static final String REPOSITORIES = "/repositories";
    static final String IMAGES = "/images";
    static final String REMOTE = "/remote";
    static final String NODE = "/node";
    static final String NODE_GC = "/node/gc";
    static final String DELETE = "/delete";
    static final String LOGIN = "/login";
    static final String LOGOUT = "/logout";
    static final String ASSETS = "/ui";

    /** Every path the UI serves, for its security filter chain. */
    static final List<String> ALL = List.of(HOME, REPOSITORIES + "/**", IMAGES + "/**", REMOTE, NODE, NODE + "/**", DELETE, LOGIN, LOGOUT,
            ASSETS + "/**");

    private UiPaths() {
    }

    static String repository(RepositoryName name) {
        return REPOSITORIES + "/" + name.value();
    }

    static String image(RepositoryName name, Reference reference) {
        return IMAGES + "/" + name.value() + switch (reference) {
            case Tag tag -> ":" + tag.value();
            case Digest digest -> "@" + digest;
        };
    }

    /** The repository name after a prefix, as a catch-all path variable hands it over ({@code /library/alpine}). */
    static RepositoryName repositoryIn(String path) {
        return new RepositoryName(path.startsWith("/") ? path.substring(1) : path);
    }

    /** A repository and reference, as {@link #image} writes them. */
    record ImageAddress(RepositoryName repository, Reference reference) {
        static ImageAddress parse(String path) {
            String text = path.startsWith("/") ? path.substring(1) : path;
            int at = text.indexOf('@');
            if (at > 0) {
                return new ImageAddress(new RepositoryName(text.substring(0, at)), Digest.parse(text.substring(at + 1)));
            }
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || colon < text.lastIndexOf('/')) {
                throw RegistryException.of(ErrorCode.NAME_INVALID, "an image is <repository>:<tag> or <repository>@<digest>", text);
            }
            return new ImageAddress(new RepositoryName(text.substring(0, colon)), new Tag(text.substring(colon + 1)));
        }
    }
}
