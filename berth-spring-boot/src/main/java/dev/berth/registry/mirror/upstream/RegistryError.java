package dev.berth.registry.mirror.upstream;

import java.io.IOException;
import java.io.InputStream;

/** The first error of a registry's JSON error body ({@code {"errors":[{"code","message"}]}}), if any. */
record RegistryError(String code, String message) {
    private static final int MAX_MESSAGE = 200;

    static RegistryError read(Response response, int max) {
        // Not closed here: closing the body would read the rest of a long one; closing the reply cancels instead.
        try {
            InputStream in = response.body();
            byte[] body = in.readNBytes(max + 1);
            if (body.length > max) {
                return new RegistryError(null, null);
            }
            response.drained();
            var root = UpstreamJson.MAPPER.readTree(body);
            var first = root == null ? null : root.path("errors").path(0);
            if (first == null || !first.isObject()) {
                return new RegistryError(null, null);
            }
            String code = first.path("code").isString() ? first.path("code").asString() : null;
            String message = first.path("message").isString() ? first.path("message").asString() : null;
            return new RegistryError(printable(code, 64), printable(message, MAX_MESSAGE));
        } catch (IOException | RuntimeException unreadable) {
            // Not a registry's error body (an HTML page from a proxy, say): the status says enough.
            return new RegistryError(null, null);
        }
    }

    String describe() {
        return (code == null ? "" : " " + code) + (message == null ? "" : " " + message);
    }

    private static String printable(String value, int max) {
        if (value == null) {
            return null;
        }
        String clean = value.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return clean.length() > max ? clean.substring(0, max) + "..." : clean;
    }
}
