package dev.berth.bench;

import dev.berth.it.support.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An image of random, incompressible layers (each an uncompressed tar holding one file), written
 * once as a folder that is both an OCI image layout, which {@code crane push} reads, and, through its
 * {@code manifest.json}, a Docker archive that {@code docker load} reads. The same seed gives the
 * same bytes, so every side and every run pushes identical content.
 */
final class BenchImage {
    private static final int MiB = 1 << 20;
    private static final String LAYER = "application/vnd.oci.image.layer.v1.tar";
    private static final String CONFIG = "application/vnd.oci.image.config.v1+json";
    private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    /** A blob of the layout: its digest, size and file. */
    record Blob(String digest, long size, Path file) {}

    private final String name;
    private final Path layout;
    private final List<Blob> layers;
    private final String manifestDigest;
    private Path dockerArchive;

    private BenchImage(String name, Path layout, List<Blob> layers, String manifestDigest) {
        this.name = name;
        this.layout = layout;
        this.layers = List.copyOf(layers);
        this.manifestDigest = manifestDigest;
    }

    /** Writes an image of {@code layers} layers of {@code layerMib} MiB of random bytes each. */
    static BenchImage build(Path work, String name, int layerCount, int layerMib, long seed) throws IOException {
        System.out.printf("building image %s: %d x %d MiB%n", name, layerCount, layerMib);
        Path layout = Files.createDirectories(work.resolve("images").resolve(name));
        Files.createDirectories(layout.resolve("blobs/sha256"));
        SplittableRandom random = new SplittableRandom(seed);
        List<Blob> layers = new ArrayList<>();
        for (int i = 0; i < layerCount; i++) {
            layers.add(layer(layout, random, i, layerMib));
        }
        String architecture = System.getProperty("os.arch").equals("aarch64") ? "arm64" : "amd64";
        Blob config = write(layout, """
                {"architecture":"%s","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":[%s]}}"""
                .formatted(architecture, String.join(",", layers.stream().map(l -> quote(l.digest())).toList())));
        Blob manifest = write(layout, """
                {"schemaVersion":2,"mediaType":"%s","config":%s,"layers":[%s]}"""
                .formatted(MANIFEST, descriptor(CONFIG, config), String.join(",", layers.stream().map(l -> descriptor(LAYER, l)).toList())));
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(layout.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[%s]}"
                .formatted(descriptor(MANIFEST, manifest)));
        // What docker load reads: the config and the layers by their paths in the layout.
        Files.writeString(layout.resolve("manifest.json"), "[{\"Config\":%s,\"RepoTags\":[%s],\"Layers\":[%s]}]".formatted(
                quote(relative(layout, config)), quote("bench/" + name + ":latest"),
                String.join(",", layers.stream().map(l -> quote(relative(layout, l))).toList())));
        return new BenchImage(name, layout, layers, manifest.digest());
    }

    /** A file of random bytes (not an image), such as a blob to push on its own. */
    static Path randomFile(Path work, String name, int mib, long seed) throws IOException {
        Path file = Files.createDirectories(work.resolve("blobs")).resolve(name);
        writeRandom(file, new SplittableRandom(seed), mib);
        return file;
    }

    String name() {
        return name;
    }

    /** The OCI image layout folder, for {@code crane push <folder> <reference>}. */
    Path layout() {
        return layout;
    }

    List<Blob> layers() {
        return layers;
    }

    String manifestDigest() {
        return manifestDigest;
    }

    /** The tag that {@code docker load} gives the image. */
    String dockerTag() {
        return "bench/" + name + ":latest";
    }

    /** The Docker archive for {@code docker load -i}, made on first use. */
    synchronized Path dockerArchive() {
        if (dockerArchive == null) {
            Path archive = layout.resolveSibling(name + "-docker.tar");
            Tools.run(List.of("tar", "-cf", archive.toString(), "-C", layout.toString(), "manifest.json", "blobs"), layout,
                    Duration.ofMinutes(30));
            dockerArchive = archive;
        }
        return dockerArchive;
    }

    private static Blob layer(Path layout, SplittableRandom random, int index, int mib) throws IOException {
        Path staging = Files.createDirectories(layout.resolve("staging"));
        Path content = staging.resolve("layer-" + index + ".bin");
        writeRandom(content, random, mib);
        Path tar = layout.resolve("staging.tar");
        Tools.run(List.of("tar", "--sort=name", "--mtime=@0", "--owner=0", "--group=0", "--numeric-owner", "-cf",
                tar.toString(), "-C", staging.toString(), content.getFileName().toString()), layout, Duration.ofMinutes(10));
        Files.delete(content);
        Files.delete(staging);
        String digest = sha256(tar);
        Path file = layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
        Files.move(tar, file, StandardCopyOption.REPLACE_EXISTING);
        return new Blob(digest, Files.size(file), file);
    }

    private static void writeRandom(Path file, SplittableRandom random, int mib) throws IOException {
        byte[] block = new byte[MiB];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < mib; i++) {
                random.nextBytes(block);
                out.write(block);
            }
        }
    }

    private static Blob write(Path layout, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        String hex = HexFormat.of().formatHex(messageDigest().digest(bytes));
        Path file = layout.resolve("blobs/sha256").resolve(hex);
        Files.write(file, bytes);
        return new Blob("sha256:" + hex, bytes.length, file);
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest = messageDigest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest messageDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String descriptor(String mediaType, Blob blob) {
        return "{\"mediaType\":\"%s\",\"digest\":\"%s\",\"size\":%d}".formatted(mediaType, blob.digest(), blob.size());
    }

    private static String relative(Path layout, Blob blob) {
        return layout.relativize(blob.file()).toString();
    }

    private static String quote(String text) {
        return "\"" + text + "\"";
    }
}
