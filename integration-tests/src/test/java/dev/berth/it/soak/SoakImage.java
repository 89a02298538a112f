package dev.berth.it.soak;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * A small random OCI image: a config and one to three layers of random bytes (bounded by
 * {@link SoakSettings#MAX_LAYER_BYTES}), and its manifest.
 *
 * @param tag the tag it is pushed under
 * @param config the config blob
 * @param layers the layer blobs
 * @param manifest the manifest's bytes
 */
public record SoakImage(String tag, byte[] config, List<byte[]> layers, byte[] manifest) {
    public static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";

    public SoakImage {
        layers = List.copyOf(layers);
    }

    static SoakImage random(Random random, String tag) {
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"" + tag + "\"}").getBytes(StandardCharsets.UTF_8);
        List<byte[]> layers = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            byte[] layer = new byte[1024 + random.nextInt(SoakSettings.MAX_LAYER_BYTES - 1024)];
            random.nextBytes(layer);
            layers.add(layer);
        }
        StringBuilder manifest = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST_TYPE + "\",\"config\":")
                .append(descriptor("application/vnd.oci.image.config.v1+json", config)).append(",\"layers\":[");
        for (int i = 0; i < layers.size(); i++) {
            manifest.append(i == 0 ? "" : ",").append(descriptor("application/vnd.oci.image.layer.v1.tar+gzip", layers.get(i)));
        }
        return new SoakImage(tag, config, layers, manifest.append("]}").toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The config and the layers. */
    List<byte[]> blobs() {
        List<byte[]> blobs = new ArrayList<>(layers);
        blobs.addFirst(config);
        return blobs;
    }

    String manifestDigest() {
        return sha256(manifest);
    }

    static String sha256(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String descriptor(String mediaType, byte[] content) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + sha256(content) + "\",\"size\":" + content.length + "}";
    }
}
