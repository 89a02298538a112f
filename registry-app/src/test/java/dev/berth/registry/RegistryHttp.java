package dev.berth.registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A plain HTTP client for the registry under test, over a real socket. */
final class RegistryHttp {
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;

    RegistryHttp(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    HttpResponse<byte[]> send(String method, String pathAndQuery, BodyPublisher body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(pathAndQuery.startsWith("http") ? pathAndQuery : base + pathAndQuery))
                .method(method, body);
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return client.send(request.build(), BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<byte[]> get(String path, String... headers) {
        return send("GET", path, BodyPublishers.noBody(), headers);
    }

    HttpResponse<byte[]> head(String path, String... headers) {
        return send("HEAD", path, BodyPublishers.noBody(), headers);
    }

    HttpResponse<byte[]> delete(String path) {
        return send("DELETE", path, BodyPublishers.noBody());
    }

    HttpResponse<byte[]> post(String path, byte[] body, String... headers) {
        return send("POST", path, BodyPublishers.ofByteArray(body), headers);
    }

    HttpResponse<byte[]> put(String path, byte[] body, String... headers) {
        return send("PUT", path, BodyPublishers.ofByteArray(body), headers);
    }

    HttpResponse<byte[]> patch(String path, byte[] body, String... headers) {
        return send("PATCH", path, BodyPublishers.ofByteArray(body), headers);
    }

    /** Pushes a blob in one request and returns its digest. */
    String pushBlob(String repository, byte[] content) {
        String digest = sha256(content);
        HttpResponse<byte[]> response = post("/v2/" + repository + "/blobs/uploads/?digest=" + digest, content,
                "Content-Type", "application/octet-stream");
        if (response.statusCode() != 201) {
            throw new AssertionError("blob push failed: " + response.statusCode() + " " + text(response));
        }
        return digest;
    }

    /** Pushes a manifest and returns the response. */
    HttpResponse<byte[]> pushManifest(String repository, String reference, String mediaType, String manifest) {
        return put("/v2/" + repository + "/manifests/" + reference, manifest.getBytes(StandardCharsets.UTF_8), "Content-Type", mediaType);
    }

    static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    static String sha256(byte[] content) {
        return "sha256:" + hex("SHA-256", content);
    }

    static String sha512(byte[] content) {
        return "sha512:" + hex("SHA-512", content);
    }

    private static String hex(String algorithm, byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
