package dev.berth.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;

/** Pushes a blob or a manifest over the OCI Distribution API, step by step, as clients do. */
final class OciPush {
    private static final Duration TIMEOUT = Duration.ofMinutes(30);
    private static final int REPLY_LIMIT = 64 * 1024;

    private OciPush() {}

    /** crane's way: HEAD (absent), POST to open an upload, one PATCH with the bytes, PUT with the digest. */
    static void chunked(HttpClient http, URI registry, String repository, byte[] content, String digest) throws IOException {
        URI blob = registry.resolve("/v2/" + repository + "/blobs/" + digest);
        expect(Http.send(http, HttpRequest.newBuilder(blob).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .timeout(TIMEOUT).build(), 0), 404, "HEAD " + blob);
        URI upload = location(registry, expect(Http.send(http, HttpRequest.newBuilder(registry.resolve("/v2/" + repository
                + "/blobs/uploads/")).timeout(TIMEOUT).POST(HttpRequest.BodyPublishers.noBody()).build(), REPLY_LIMIT), 202, "POST"));
        upload = location(registry, expect(Http.send(http, HttpRequest.newBuilder(upload).timeout(TIMEOUT)
                .header("Content-Type", "application/octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(content)).build(), REPLY_LIMIT), 202, "PATCH " + upload));
        String separator = upload.toString().contains("?") ? "&" : "?";
        URI complete = URI.create(upload + separator + "digest=" + digest);
        expect(Http.send(http, HttpRequest.newBuilder(complete).timeout(TIMEOUT)
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), REPLY_LIMIT), 201, "PUT " + complete);
    }

    /** A monolithic push: one {@code POST .../blobs/uploads/?digest=} carrying the whole blob. */
    static void monolithic(HttpClient http, URI registry, String repository, HttpRequest.BodyPublisher content, String digest)
            throws IOException {
        URI post = registry.resolve("/v2/" + repository + "/blobs/uploads/?digest=" + digest);
        expect(Http.send(http, HttpRequest.newBuilder(post).timeout(TIMEOUT).header("Content-Type", "application/octet-stream")
                .POST(content).build(), REPLY_LIMIT), 201, "POST " + post);
    }

    static void manifest(HttpClient http, URI registry, String repository, String tag, String mediaType, byte[] json)
            throws IOException {
        URI manifest = registry.resolve("/v2/" + repository + "/manifests/" + tag);
        expect(Http.send(http, HttpRequest.newBuilder(manifest).timeout(TIMEOUT).header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(json)).build(), REPLY_LIMIT), 201, "PUT " + manifest);
    }

    private static Http.Reply expect(Http.Reply reply, int status, String what) {
        if (reply.status() != status) {
            throw new IllegalStateException(what + " answered " + reply.status() + " (expected " + status + "): " + reply.text());
        }
        return reply;
    }

    private static URI location(URI registry, Http.Reply reply) {
        String location = reply.header("Location");
        if (location.isEmpty()) {
            throw new IllegalStateException("an upload answer without Location");
        }
        return registry.resolve(location);
    }
}
