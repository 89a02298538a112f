package dev.berth.it.mirror;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the mirror tests ask of registries over plain HTTP, and of an upstream's log. */
final class MirrorHttp {
    /** Every manifest type a pulling client accepts. */
    static final String ACCEPT = String.join(",", "application/vnd.oci.image.index.v1+json",
            "application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json");
    static final String HEADER = "X-Berth-Mirror";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private MirrorHttp() {
    }

    static HttpResponse<byte[]> get(URI uri) throws IOException {
        return send(HttpRequest.newBuilder(uri).header("Accept", ACCEPT).timeout(Duration.ofMinutes(2)).GET().build());
    }

    /** A GET without an {@code Accept} of manifest types, for Berth's own routes and actuator. */
    static HttpResponse<byte[]> plain(URI uri) throws IOException {
        return send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2)).GET().build());
    }

    static HttpResponse<byte[]> send(HttpRequest request) throws IOException {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** The value of {@code X-Berth-Mirror}, or "none". */
    static String servedFrom(HttpResponse<?> response) {
        return response.headers().firstValue(HEADER).orElse("none");
    }

    /** The mirror's settings for one upstream, as command-line arguments of the jar. */
    static List<String> upstream(int index, String name, URI url, String user, String password, String... more) {
        String prefix = "--berth.mirror.upstreams[" + index + "].";
        List<String> arguments = new ArrayList<>(List.of(prefix + "name=" + name, prefix + "url=" + url));
        if (user != null) {
            arguments.add(prefix + "username=" + user);
            arguments.add(prefix + "password=" + password);
        }
        for (String setting : more) {
            arguments.add(prefix + setting);
        }
        return arguments;
    }

    /**
     * Waits until the mirror answers {@code HEAD} for each blob from its cache: a client has a blob
     * before the mirror has stored it.
     */
    static void awaitCached(URI mirror, String repository, List<String> blobs) throws IOException {
        for (String blob : blobs) {
            URI uri = mirror.resolve("/v2/" + repository + "/blobs/" + blob);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!servedFrom(send(HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody()).build())).equals("hit")) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(blob + " was not in the cache of " + repository + " within 60 s");
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
        }
    }

    /**
     * How many requests of the mirror ({@code berth-mirror}) with this method and path distribution answered 200, from its log
     * (which quotes a path only when it holds characters such as {@code :}).
     */
    static long mirrorRequestsServed(Path distributionLog, String method, String path) throws IOException {
        try (var lines = Files.lines(distributionLog)) {
            return lines.filter(line -> line.contains("msg=\"response completed\"") && line.contains("http.request.method=" + method + " ")
                    && (line.contains("http.request.uri=" + path + " ") || line.contains("http.request.uri=\"" + path + "\""))
                    && line.contains("http.request.useragent=berth-mirror ")
                    && line.contains("http.response.status=200")).count();
        }
    }

    /** How many GETs of the blob distribution answered with its bytes, from its log. */
    static long blobGetsServed(Path distributionLog, String repository, String digest) throws IOException {
        String uri = "http.request.uri=\"/v2/" + repository + "/blobs/" + digest + "\"";
        try (var lines = Files.lines(distributionLog)) {
            return lines.filter(line -> line.contains("msg=\"response completed\"") && line.contains("http.request.method=GET")
                    && line.contains(uri) && line.contains("http.response.status=200")).count();
        }
    }

    /** The sum of a counter's series that match {@code series} (a regular expression up to its tags) in {@code /actuator/prometheus}. */
    static double counter(URI registry, String series) throws IOException {
        String metrics = new String(plain(registry.resolve("/actuator/prometheus")).body(), StandardCharsets.UTF_8);
        Matcher matcher = Pattern.compile("(?m)^" + series + "[^ ]* ([0-9.eE+]+)$").matcher(metrics);
        double sum = 0;
        while (matcher.find()) {
            sum += Double.parseDouble(matcher.group(1));
        }
        return sum;
    }
}
