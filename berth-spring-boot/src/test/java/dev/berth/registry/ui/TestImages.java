package dev.berth.registry.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Pushes small but complete images, indexes and referrers through the registry's API, as a client would. */
final class TestImages {
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

    private final String base;
    private final String authorization;
    private final HttpClient client = HttpClient.newHttpClient();

    TestImages(int port) {
        this(port, null);
    }

    /** @param authorization an Authorization header value, for a registry with access control */
    TestImages(int port, String authorization) {
        this.base = "http://127.0.0.1:" + port;
        this.authorization = authorization;
    }

    /** A pushed manifest: its digest and size, for descriptors that point at it. */
    record Pushed(String digest, long size, String mediaType) {
        String descriptor() {
            return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
        }
    }

    /** A linux image for the architecture with an entrypoint, environment, history and one layer holding {@code content}. */
    Pushed image(String repository, String tag, String architecture, String content) {
        return image(repository, tag, architecture, content, 1);
    }

    /** The same with a build history of {@code steps} steps, for a long page. */
    Pushed image(String repository, String tag, String architecture, String content, int steps) {
        String history = java.util.stream.IntStream.range(0, steps)
                .mapToObj(step -> "{\"created\":\"2026-01-02T03:04:05Z\",\"created_by\":\"RUN step " + step + " of a long build\""
                        + (step < steps - 1 ? ",\"empty_layer\":true}" : "}"))
                .collect(java.util.stream.Collectors.joining(","));
        String layer = blob(repository, content.getBytes(StandardCharsets.UTF_8));
        String config = """
                {"architecture":"%s","os":"linux","created":"2026-01-02T03:04:05Z",
                 "config":{"Entrypoint":["/bin/app"],"Cmd":["--serve"],"Env":["PATH=/bin","GREETING=hello"],"WorkingDir":"/srv"},
                 "history":[{"created":"2026-01-02T03:04:05Z","created_by":"COPY app /bin/app","empty_layer":true},%s],
                 "rootfs":{"type":"layers","diff_ids":["%s"]}}""".formatted(architecture, history, layer);
        String configDigest = blob(repository, config.getBytes(StandardCharsets.UTF_8));
        String manifest = """
                {"schemaVersion":2,"mediaType":"%s",
                 "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%d},
                 "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"%s","size":%d}]}"""
                .formatted(OCI_MANIFEST, configDigest, config.getBytes(StandardCharsets.UTF_8).length, layer,
                        content.getBytes(StandardCharsets.UTF_8).length);
        return manifest(repository, tag, OCI_MANIFEST, manifest);
    }

    /** An index of images, each with its platform. */
    Pushed index(String repository, String tag, List<Pushed> images, List<String> architectures) {
        StringBuilder manifests = new StringBuilder();
        for (int i = 0; i < images.size(); i++) {
            Pushed image = images.get(i);
            manifests.append(i == 0 ? "" : ",").append("{\"mediaType\":\"").append(image.mediaType()).append("\",\"digest\":\"")
                    .append(image.digest()).append("\",\"size\":").append(image.size())
                    .append(",\"platform\":{\"os\":\"linux\",\"architecture\":\"").append(architectures.get(i)).append("\"}}");
        }
        return manifest(repository, tag, OCI_INDEX, "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[" + manifests + "]}");
    }

    /** An artifact of the given type that refers to {@code subject}, such as a signature or an SBOM. */
    Pushed referrer(String repository, Pushed subject, String artifactType, String content) {
        String empty = blob(repository, "{}".getBytes(StandardCharsets.UTF_8));
        String layer = blob(repository, content.getBytes(StandardCharsets.UTF_8));
        String manifest = """
                {"schemaVersion":2,"mediaType":"%s","artifactType":"%s",
                 "config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"%s","size":2},
                 "layers":[{"mediaType":"application/octet-stream","digest":"%s","size":%d}],
                 "subject":%s,
                 "annotations":{"org.opencontainers.image.created":"2026-01-03T00:00:00Z"}}"""
                .formatted(OCI_MANIFEST, artifactType, empty, layer, content.getBytes(StandardCharsets.UTF_8).length, subject.descriptor());
        return manifest(repository, null, OCI_MANIFEST, manifest);
    }

    /** Pushes a blob in one request; returns its digest. */
    String blob(String repository, byte[] content) {
        String digest = sha256(content);
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/v2/" + repository + "/blobs/uploads/?digest=" + digest))
                .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(content)));
        expect(201, response, "blob push to " + repository);
        return digest;
    }

    private Pushed manifest(String repository, String tag, String mediaType, String manifest) {
        byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
        String digest = sha256(bytes);
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/v2/" + repository + "/manifests/" + (tag == null ? digest : tag)))
                .header("Content-Type", mediaType).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)));
        expect(201, response, "manifest push to " + repository);
        return new Pushed(digest, bytes.length, mediaType);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void expect(int status, HttpResponse<String> response, String what) {
        if (response.statusCode() != status) {
            throw new AssertionError(what + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    static String sha256(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
