package dev.berth.it.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Pushes test images into an upstream registry with crane, logged in ({@code crane auth login}) with
 * a Docker config of its own, so that nothing is read from or written to the user's.
 */
public final class UpstreamImages {
    private final String host;
    private final Path dir;
    private final Map<String, String> environment;

    private UpstreamImages(String host, Path dir) {
        this.host = host;
        this.dir = dir;
        this.environment = Map.of("DOCKER_CONFIG", dir.resolve("docker-config").toString());
    }

    /** Logs crane in to the registry at {@code host} as the user. */
    public static UpstreamImages loggedIn(String host, String user, String password, Path dir) throws IOException {
        UpstreamImages images = new UpstreamImages(host, Files.createDirectories(dir));
        Files.createDirectories(dir.resolve("docker-config"));
        images.crane("auth", "login", host, "-u", user, "-p", password);
        return images;
    }

    /**
     * Pushes an image of one layer holding one file of {@code size} pseudo-random bytes (seeded, so
     * the same call gives the same image) and answers its manifest's digest.
     *
     * @param oci OCI media types; Docker schema 2 otherwise
     */
    public String pushImage(String repository, String tag, long size, long seed, boolean oci) throws IOException {
        Path layer = layerOf(size, seed);
        String reference = host + "/" + repository + ":" + tag;
        List<String> args = new ArrayList<>(List.of("append", "-f", layer.toString(), "-t", reference));
        if (oci) {
            args.add("--oci-empty-base");
        }
        crane(args.toArray(String[]::new));
        return digest(reference);
    }

    /**
     * Pushes an image of the given layer tarballs for one platform (such as {@code linux/amd64}, which
     * docker needs to run it) and answers its manifest's digest.
     */
    public String pushLayers(String repository, String tag, String platform, Path... layers) {
        String reference = host + "/" + repository + ":" + tag;
        List<String> args = new ArrayList<>(List.of("append", "-t", reference));
        for (Path layer : layers) {
            args.add("-f");
            args.add(layer.toString());
        }
        crane(args.toArray(String[]::new));
        crane("mutate", "--set-platform", platform, "-t", reference, reference);
        return digest(reference);
    }

    /** Pushes an OCI index of the given manifests (digests in the same repository) and answers its digest. */
    public String pushIndex(String repository, String tag, List<String> manifestDigests) {
        List<String> args = new ArrayList<>(List.of("index", "append", "-t", host + "/" + repository + ":" + tag));
        for (String digest : manifestDigests) {
            args.add("-m");
            args.add(host + "/" + repository + "@" + digest);
        }
        crane(args.toArray(String[]::new));
        return digest(host + "/" + repository + ":" + tag);
    }

    /** The manifest's bytes, as crane fetches them. */
    public String manifest(String reference) {
        return crane("manifest", host + "/" + reference);
    }

    public String digest(String reference) {
        return crane("digest", reference).strip();
    }

    private Path layerOf(long size, long seed) throws IOException {
        Path staging = Files.createDirectories(dir.resolve("layer-" + seed));
        Path file = staging.resolve("data.bin");
        Random random = new Random(seed);
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= buffer.length) {
                random.nextBytes(buffer);
                out.write(buffer, 0, (int) Math.min(buffer.length, left));
            }
        }
        Path tar = dir.resolve("layer-" + seed + ".tar");
        Tools.run(List.of("tar", "--sort=name", "--mtime=@0", "--owner=0", "--group=0", "--numeric-owner",
                "-cf", tar.toString(), "-C", staging.toString(), "data.bin"), dir, Duration.ofMinutes(1));
        return tar;
    }

    private String crane(String... args) {
        return Tools.tool(environment, "crane", dir, args);
    }
}
