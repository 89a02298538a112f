package dev.berth.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Writes an OCI image layout holding a multi-platform index of small images, for skopeo to copy. */
public final class OciLayout {
    private static final String INDEX = "application/vnd.oci.image.index.v1+json";
    private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String CONFIG = "application/vnd.oci.image.config.v1+json";
    private static final String LAYER = "application/vnd.oci.image.layer.v1.tar";

    private final Path dir;

    private OciLayout(Path dir) {
        this.dir = dir;
    }

    /** A descriptor: what a manifest or index says about a blob. */
    public record Descriptor(String mediaType, String digest, long size) {
        String json(String extra) {
            return "{\"mediaType\":\"%s\",\"digest\":\"%s\",\"size\":%d%s}".formatted(mediaType, digest, size, extra);
        }
    }

    /**
     * Writes a layout at {@code dir} whose index (tagged {@code tag}) has one image per architecture,
     * each with one layer holding a text file; returns the index's descriptor.
     */
    public static Descriptor multiPlatformIndex(Path dir, String tag, List<String> architectures) throws IOException {
        OciLayout layout = new OciLayout(dir);
        Files.createDirectories(dir.resolve("blobs/sha256"));
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        List<String> entries = new ArrayList<>();
        for (String architecture : architectures) {
            Descriptor layer = layout.blob(LAYER, Files.readAllBytes(
                    Tools.tarOfOneFile(Files.createTempDirectory("berth-layer"), "platform", architecture + "\n")));
            Descriptor config = layout.blob(CONFIG, """
                    {"architecture":"%s","os":"linux","rootfs":{"type":"layers","diff_ids":["%s"]},"config":{}}"""
                    .formatted(architecture, layer.digest()).getBytes(StandardCharsets.UTF_8));
            Descriptor manifest = layout.blob(MANIFEST, """
                    {"schemaVersion":2,"mediaType":"%s","config":%s,"layers":[%s]}"""
                    .formatted(MANIFEST, config.json(""), layer.json("")).getBytes(StandardCharsets.UTF_8));
            entries.add(manifest.json(",\"platform\":{\"architecture\":\"%s\",\"os\":\"linux\"}".formatted(architecture)));
        }
        Descriptor index = layout.blob(INDEX, """
                {"schemaVersion":2,"mediaType":"%s","manifests":[%s]}"""
                .formatted(INDEX, String.join(",", entries)).getBytes(StandardCharsets.UTF_8));
        Files.writeString(dir.resolve("index.json"), """
                {"schemaVersion":2,"manifests":[%s]}"""
                .formatted(index.json(",\"annotations\":{\"org.opencontainers.image.ref.name\":\"%s\"}".formatted(tag))));
        return index;
    }

    private Descriptor blob(String mediaType, byte[] content) throws IOException {
        String hex = sha256(content);
        Files.write(dir.resolve("blobs/sha256").resolve(hex), content);
        return new Descriptor(mediaType, "sha256:" + hex, content.length);
    }

    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
