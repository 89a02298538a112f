package com.example.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The application above, with nothing but the starter, takes a push and serves the pull. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MyRegistryApplicationTest {
    @TempDir
    static Path storage;

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry properties) {
        properties.add("berth.storage.filesystem.root", storage::toString);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void pushesAndPullsAnImage() throws Exception {
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
        byte[] layer = "not really a tarball, but the registry stores bytes".getBytes(StandardCharsets.UTF_8);
        String configDigest = pushBlob("example/app", config);
        String layerDigest = pushBlob("example/app", layer);
        String manifest = """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
                 "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%d},
                 "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"%s","size":%d}]}
                """.formatted(configDigest, config.length, layerDigest, layer.length);
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(url("/v2/example/app/manifests/v1"))
                .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                .PUT(BodyPublishers.ofString(manifest)).build(), BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(201);

        HttpResponse<byte[]> pulled = http.send(HttpRequest.newBuilder(url("/v2/example/app/manifests/v1"))
                .header("Accept", "application/vnd.oci.image.manifest.v1+json").build(), BodyHandlers.ofByteArray());
        assertThat(pulled.statusCode()).isEqualTo(200);
        assertThat(pulled.headers().firstValue("Docker-Content-Digest")).contains(sha256(pulled.body()));
        HttpResponse<byte[]> blob = http.send(HttpRequest.newBuilder(url("/v2/example/app/blobs/" + layerDigest)).build(),
                BodyHandlers.ofByteArray());
        assertThat(blob.body()).isEqualTo(layer);
        HttpResponse<String> tags = http.send(HttpRequest.newBuilder(url("/v2/example/app/tags/list")).build(), BodyHandlers.ofString());
        assertThat(tags.body()).contains("\"v1\"");
    }

    private String pushBlob(String repository, byte[] content) throws Exception {
        String digest = sha256(content);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(url("/v2/" + repository + "/blobs/uploads/?digest=" + digest))
                .header("Content-Type", "application/octet-stream").POST(BodyPublishers.ofByteArray(content)).build(),
                BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(201);
        return digest;
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String sha256(byte[] content) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
