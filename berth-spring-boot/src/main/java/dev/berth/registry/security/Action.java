package dev.berth.registry.security;

import java.util.Locale;

/** What a client may do to a repository, as token scopes name it. */
public enum Action {
    /** GET and HEAD: manifests, blobs, tags, referrers. */
    PULL,
    /** POST, PATCH and PUT: uploads, mounts, manifests, tags. */
    PUSH,
    /** DELETE: manifests, tags, blobs. */
    DELETE;

    /** The name in scopes and configuration: {@code pull}, {@code push}, {@code delete}. */
    public String scopeName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
