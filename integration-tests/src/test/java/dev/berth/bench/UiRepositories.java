package dev.berth.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Many repositories of one small image each ({@code ui/r0000:v1}, ...), pushed over the OCI API by
 * {@value #PUSHERS} clients at once: each image is a layer of a few bytes naming its repository, a
 * config pointing at it and a manifest, the blobs by monolithic upload.
 */
final class UiRepositories {
    static final int PUSHERS = 8;
    private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    private UiRepositories() {}

    static String name(int index) {
        return "ui/r%04d".formatted(index);
    }

    /** Pushes {@code count} repositories; returns the seconds until the last push was done. */
    static double push(HttpClient http, URI registry, int count) throws Exception {
        long start = System.nanoTime();
        try (ExecutorService pushers = Executors.newFixedThreadPool(PUSHERS)) {
            List<Future<?>> pushes = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String repository = name(i);
                pushes.add(pushers.submit(() -> {
                    pushImage(http, registry, repository);
                    return null;
                }));
            }
            for (Future<?> push : pushes) {
                push.get(); // rethrows a failed push
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void pushImage(HttpClient http, URI registry, String repository) throws IOException {
        byte[] layer = ("layer of " + repository + "\n").getBytes(StandardCharsets.UTF_8);
        String layerDigest = sha256(layer);
        byte[] config = """
                {"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":["%s"]}}"""
                .formatted(layerDigest).getBytes(StandardCharsets.UTF_8);
        String configDigest = sha256(config);
        OciPush.monolithic(http, registry, repository, HttpRequest.BodyPublishers.ofByteArray(layer), layerDigest);
        OciPush.monolithic(http, registry, repository, HttpRequest.BodyPublishers.ofByteArray(config), configDigest);
        byte[] manifest = """
                {"schemaVersion":2,"mediaType":"%s",\
                "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%d},\
                "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"%s","size":%d}]}"""
                .formatted(MANIFEST, configDigest, config.length, layerDigest, layer.length).getBytes(StandardCharsets.UTF_8);
        OciPush.manifest(http, registry, repository, "v1", MANIFEST, manifest);
    }

    private static String sha256(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
