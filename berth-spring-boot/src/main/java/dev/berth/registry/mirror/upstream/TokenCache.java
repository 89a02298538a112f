package dev.berth.registry.mirror.upstream;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/** Tokens by realm, service and scope, each kept while fresh; bounded in entries. */
final class TokenCache {
    private static final int MAX_ENTRIES = 1024;

    private final ConcurrentHashMap<String, BearerToken> tokens = new ConcurrentHashMap<>();

    static String key(String realm, String service, String scope) {
        return realm + ' ' + service + ' ' + scope;
    }

    /** The fresh token for the key, or {@code null}. */
    BearerToken get(String key, Instant now) {
        BearerToken token = tokens.get(key);
        if (token != null && !token.isFresh(now)) {
            tokens.remove(key, token);
            return null;
        }
        return token;
    }

    void put(String key, BearerToken token, Instant now) {
        if (tokens.size() >= MAX_ENTRIES) {
            tokens.values().removeIf(stale -> !stale.isFresh(now));
            if (tokens.size() >= MAX_ENTRIES) {
                tokens.clear();
            }
        }
        tokens.put(key, token);
    }

    void remove(String key) {
        tokens.remove(key);
    }
}
