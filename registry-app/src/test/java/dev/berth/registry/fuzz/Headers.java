package dev.berth.registry.fuzz;

import static dev.berth.registry.fuzz.property.Gen.weighted;

import dev.berth.registry.fuzz.property.Gen;
import java.util.List;
import java.util.Map;

/**
 * Request headers a client might send, sensible or not. Framing headers (Host, Content-Length,
 * Transfer-Encoding, Connection) are left to the client: getting those wrong tests the HTTP
 * server, not the registry.
 */
final class Headers {
    private static final LeakPatterns LEAKS = LeakPatterns.standard();
    static final List<String> MEDIA_TYPES = List.of("application/vnd.oci.image.manifest.v1+json", "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json", "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/json", "application/octet-stream", "text/html", "text/plain", "image/svg+xml", "application/xhtml+xml",
            "text/javascript", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "*/*", "application/*");

    private Headers() {
    }

    static Gen<List<Map.Entry<String, String>>> any() {
        return header().list(0, 8);
    }

    static Gen<Map.Entry<String, String>> header() {
        Gen<String> name = Gen.frequency(
                weighted(6, Gen.of("Accept", "Content-Type", "Range", "Authorization", "Cookie", "X-Forwarded-Host", "X-Forwarded-Proto",
                        "X-Forwarded-Prefix", "X-Forwarded-For", "Forwarded", "Origin", "Referer", "User-Agent", "Docker-Content-Digest",
                        "OCI-Subject", "If-None-Match", "If-Match", "If-Modified-Since", "If-Range", "Accept-Encoding", "Accept-Language",
                        "Content-Range", "Content-Encoding", "Expect", "X-HTTP-Method-Override", "Upgrade-Insecure-Requests", "Max-Forwards")),
                weighted(1, Gen.strings("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~", 1, 30)
                        .filter(n -> !List.of("host", "content-length", "transfer-encoding", "connection", "te", "trailer", "upgrade")
                                .contains(n.toLowerCase(java.util.Locale.ROOT)))));
        return Gen.zip(name, value(), Map::entry);
    }

    static Gen<String> value() {
        Gen<String> visible = Gen.strings(Gen.codePoints(' ', '~'), 0, 80);
        return Gen.frequency(
                        weighted(3, Gen.of(MEDIA_TYPES)),
                        weighted(2, Gen.of(MEDIA_TYPES).list(1, 4).map(types -> String.join(", ", types))),
                        weighted(1, Gen.of("Basic", "Basic !!!", "Basic " + "YTpi", "Bearer", "Bearer x.y.z", "Bearer eyJhbGciOiJub25lIn0.e30.",
                                "Digest x", "gzip", "br, gzip;q=0", "100-continue", "nonsense", "0-10", "bytes=0-1", "*", "\"etag\"",
                                "Thu, 01 Jan 1970 00:00:00 GMT", "for=\"[::1]\";proto=https;host=evil.example", "evil.example", "https",
                                "/prefix", "DELETE", "é", "日本", "\u00ff\u00fe", "a\tb", "   ")),
                        weighted(2, visible),
                        weighted(1, Gen.integers(1000, 7000).map("v"::repeat)))
                .filter(v -> !LEAKS.appearsIn(v));
    }
}
