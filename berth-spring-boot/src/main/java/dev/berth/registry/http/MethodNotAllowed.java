package dev.berth.registry.http;

import java.util.Set;
import java.util.TreeSet;

/** A method an endpoint does not serve: UNSUPPORTED (405) with the {@code Allow} header. */
final class MethodNotAllowed extends RuntimeException {
    private final Set<String> allowed;

    MethodNotAllowed(String method, Set<String> allowed) {
        super(method + " is not supported here; use one of " + new TreeSet<>(allowed));
        this.allowed = Set.copyOf(allowed);
    }

    String allowHeader() {
        return String.join(", ", new TreeSet<>(allowed));
    }
}
