package dev.berth.registry.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * What a registry holds before fuzzing starts, so that requests can name content that exists. The
 * same every time, so generators know the digests without asking:
 * <ul>
 *   <li>{@link #REPOSITORY}, only ever read: a layer, a config, an image manifest tagged {@code v1}
 *       and {@code t00}..{@code t24}, an index over it tagged {@code idx}, and a referrer of it;</li>
 *   <li>{@link #MANIFESTS}: the layer and config, where manifests of every shape are pushed;</li>
 *   <li>{@link #REFS}: the layer, config and manifest again, for references of every shape;</li>
 *   <li>{@link #SCRATCH}: the layer, config and manifest again, for requests of any method.</li>
 * </ul>
 */
final class Seed {
    static final String REPOSITORY = "fz/seed/app";
    static final String MANIFESTS = "fz/manifests";
    static final String REFS = "fz/refs";
    static final String SCRATCH = "fz/scratch";
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

    static final byte[] LAYER = layer();
    static final String LAYER_DIGEST = Digests.sha256(LAYER);
    static final byte[] CONFIG = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
    static final String CONFIG_DIGEST = Digests.sha256(CONFIG);
    static final String MANIFEST = image(CONFIG_DIGEST, CONFIG.length, LAYER_DIGEST, LAYER.length);
    static final String MANIFEST_DIGEST = Digests.sha256(MANIFEST.getBytes(StandardCharsets.UTF_8));
    static final String INDEX = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":["
            + descriptor(OCI_MANIFEST, MANIFEST_DIGEST, MANIFEST.length()) + "]}";
    static final String INDEX_DIGEST = Digests.sha256(INDEX.getBytes(StandardCharsets.UTF_8));
    static final String REFERRER = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"artifactType\":\"application/vnd.example.sig\","
            + "\"config\":" + descriptor("application/vnd.oci.empty.v1+json", CONFIG_DIGEST, CONFIG.length)
            + ",\"layers\":[],\"subject\":" + descriptor(OCI_MANIFEST, MANIFEST_DIGEST, MANIFEST.length()) + "}";
    static final String REFERRER_DIGEST = Digests.sha256(REFERRER.getBytes(StandardCharsets.UTF_8));
    /** The tags of {@link #REPOSITORY}, sorted. */
    static final List<String> TAGS = tags();

    private Seed() {
    }

    static void plant(FuzzedRegistry registry) {
        for (String repository : List.of(REPOSITORY, MANIFESTS, REFS, SCRATCH)) {
            pushBlob(registry, repository, LAYER);
            pushBlob(registry, repository, CONFIG);
        }
        for (String tag : TAGS) {
            if (!tag.equals("idx")) {
                pushManifest(registry, REPOSITORY, tag, OCI_MANIFEST, MANIFEST);
            }
        }
        pushManifest(registry, REPOSITORY, "idx", OCI_INDEX, INDEX);
        pushManifest(registry, REPOSITORY, REFERRER_DIGEST, OCI_MANIFEST, REFERRER);
        pushManifest(registry, MANIFESTS, "v1", OCI_MANIFEST, MANIFEST);
        pushManifest(registry, REFS, "v1", OCI_MANIFEST, MANIFEST);
        pushManifest(registry, SCRATCH, "v1", OCI_MANIFEST, MANIFEST);
    }

    static String descriptor(String mediaType, String digest, long size) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
    }

    static String image(String config, long configSize, String layer, long layerSize) {
        return "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":"
                + descriptor("application/vnd.oci.image.config.v1+json", config, configSize)
                + ",\"layers\":[" + descriptor("application/vnd.oci.image.layer.v1.tar+gzip", layer, layerSize) + "]}";
    }

    private static byte[] layer() {
        byte[] layer = new byte[4096];
        new Random(7).nextBytes(layer);
        return layer;
    }

    private static List<String> tags() {
        List<String> tags = new ArrayList<>(IntStream.rangeClosed(0, 24).mapToObj(i -> String.format("t%02d", i)).toList());
        tags.add("idx");
        tags.add("v1");
        return tags.stream().sorted().toList();
    }

    private static void pushBlob(FuzzedRegistry registry, String repository, byte[] content) {
        expect(registry.sendUnchecked(Request.of("POST", "/v2/" + repository + "/blobs/uploads/?digest=" + Digests.sha256(content))
                .header("Content-Type", "application/octet-stream").body(content)), 201);
    }

    private static void pushManifest(FuzzedRegistry registry, String repository, String reference, String mediaType, String manifest) {
        expect(registry.sendUnchecked(Request.of("PUT", "/v2/" + repository + "/manifests/" + reference)
                .header("Content-Type", mediaType).body(manifest)), 201);
    }

    private static void expect(Exchange exchange, int status) {
        if (exchange.status() != status) {
            throw new IllegalStateException("seeding the registry failed:\n" + exchange);
        }
    }
}
