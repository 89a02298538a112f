package dev.berth.registry.http;

import java.util.Set;

/**
 * Failures that say a client's request cannot be read, met only when a handler or a filter first
 * reads its parameters, headers or form: Tomcat's parameters that do not decode (invalid UTF-8 in a
 * query), Spring Security's firewall refusing a header value, a form body that does not decode (read
 * by Spring's form-content filter on the application's paths). Each is a 400, never the server's
 * failure.
 * Known by name: neither Tomcat nor Spring Security need be on the class path.
 */
public final class MalformedRequests {
    private static final Set<String> MALFORMED = Set.of("org.apache.tomcat.util.http.InvalidParameterException",
            "org.springframework.security.web.firewall.RequestRejectedException",
            "org.springframework.http.converter.HttpMessageNotReadableException");

    private MalformedRequests() {
    }

    /** Whether the failure, or one that caused it, is a request that cannot be read as sent. */
    public static boolean isMalformedRequest(Throwable failure) {
        int depth = 0;
        for (Throwable cause = failure; cause != null && depth < 16; cause = cause.getCause(), depth++) {
            for (Class<?> type = cause.getClass(); type != null; type = type.getSuperclass()) {
                if (MALFORMED.contains(type.getName())) {
                    return true;
                }
            }
        }
        return false;
    }
}
