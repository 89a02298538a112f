package dev.berth.it.soak;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;

/**
 * One client of the soak: its own HTTP client (on virtual threads), its own repository, and at
 * most {@link SoakSettings#MAX_LIVE_IMAGES} images alive in it. Until the deadline it picks an
 * operation at random, times it and checks every answer: a status other than the spec's, a digest
 * that does not match or bytes that differ are errors.
 */
final class SoakClient implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_RESPONSE = SoakSettings.MAX_LAYER_BYTES + 64 * 1024;

    private final URI registry;
    private final String repository;
    private final Random random;
    private final HttpClient http;
    private final List<SoakImage> live = new ArrayList<>();
    private int pushed;

    SoakClient(URI registry, int number, long seed) {
        this.registry = registry;
        this.repository = "soak/client-" + number;
        this.random = new Random(seed);
        this.http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Runs operations until the deadline, recording each. */
    void runUntil(Instant deadline, Recorder recorder) {
        while (Instant.now().isBefore(deadline)) {
            Operation operation = next();
            long start = System.nanoTime();
            try {
                perform(operation);
                recorder.succeeded(operation, System.nanoTime() - start);
            } catch (SoakFailure | IOException e) {
                recorder.failed(operation, repository + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Operation next() {
        if (live.isEmpty()) {
            return random.nextBoolean() ? Operation.PUSH_MONOLITHIC : Operation.PUSH_CHUNKED;
        }
        if (live.size() >= SoakSettings.MAX_LIVE_IMAGES && random.nextInt(3) == 0) {
            return Operation.DELETE;
        }
        int draw = random.nextInt(100);
        if (draw < 12) {
            return live.size() < SoakSettings.MAX_LIVE_IMAGES ? Operation.PUSH_MONOLITHIC : Operation.DELETE;
        } else if (draw < 24) {
            return live.size() < SoakSettings.MAX_LIVE_IMAGES ? Operation.PUSH_CHUNKED : Operation.DELETE;
        } else if (draw < 50) {
            return Operation.PULL;
        } else if (draw < 70) {
            return Operation.HEAD_MANIFEST;
        } else if (draw < 82) {
            return Operation.TAG_LIST;
        } else if (draw < 90) {
            return Operation.CATALOG;
        }
        return Operation.DELETE;
    }

    private void perform(Operation operation) throws IOException, InterruptedException {
        switch (operation) {
            case PUSH_MONOLITHIC, PUSH_CHUNKED -> push(SoakImage.random(random, "i" + (++pushed)), operation == Operation.PUSH_CHUNKED);
            case PULL -> pull(any());
            case HEAD_MANIFEST -> {
                SoakImage image = any();
                Answer head = send("HEAD", "/v2/" + repository + "/manifests/" + image.tag(), null, 200);
                expect(head.header("Docker-Content-Digest").equals(image.manifestDigest()), "HEAD " + image.tag() + " reports another digest");
            }
            case TAG_LIST -> {
                String tags = new String(send("GET", "/v2/" + repository + "/tags/list", null, 200).body());
                live.forEach(image -> expect(tags.contains("\"" + image.tag() + "\""), "tag list " + tags + " lacks " + image.tag()));
            }
            case CATALOG -> send("GET", "/v2/_catalog?n=100", null, 200);
            case DELETE -> delete(live.remove(random.nextInt(live.size())));
        }
    }

    private SoakImage any() {
        return live.get(random.nextInt(live.size()));
    }

    private void push(SoakImage image, boolean chunked) throws IOException, InterruptedException {
        for (byte[] blob : image.blobs()) {
            String digest = SoakImage.sha256(blob);
            if (chunked) {
                String location = location(send("POST", "/v2/" + repository + "/blobs/uploads/", new byte[0], 202));
                for (int offset = 0; offset < blob.length; offset += SoakSettings.CHUNK_BYTES) {
                    byte[] chunk = Arrays.copyOfRange(blob, offset, Math.min(blob.length, offset + SoakSettings.CHUNK_BYTES));
                    location = location(send("PATCH", location, chunk, 202, "Content-Type", "application/octet-stream",
                            "Content-Range", offset + "-" + (offset + chunk.length - 1)));
                }
                send("PUT", location + (location.contains("?") ? "&" : "?") + "digest=" + digest, new byte[0], 201);
            } else {
                send("POST", "/v2/" + repository + "/blobs/uploads/?digest=" + digest, blob, 201, "Content-Type", "application/octet-stream");
            }
        }
        Answer put = send("PUT", "/v2/" + repository + "/manifests/" + image.tag(), image.manifest(), 201,
                "Content-Type", SoakImage.MANIFEST_TYPE);
        expect(put.header("Docker-Content-Digest").equals(image.manifestDigest()), "the manifest push reports another digest");
        live.add(image);
    }

    private void pull(SoakImage image) throws IOException, InterruptedException {
        Answer manifest = send("GET", "/v2/" + repository + "/manifests/" + image.tag(), null, 200, "Accept", SoakImage.MANIFEST_TYPE);
        expect(Arrays.equals(manifest.body(), image.manifest()), "the manifest of " + image.tag() + " came back different");
        for (byte[] blob : image.blobs()) {
            String digest = SoakImage.sha256(blob);
            Answer pulled = send("GET", "/v2/" + repository + "/blobs/" + digest, null, 200);
            expect(SoakImage.sha256(pulled.body()).equals(digest), "blob " + digest + " came back with bytes of another digest");
        }
    }

    private void delete(SoakImage image) throws IOException, InterruptedException {
        send("DELETE", "/v2/" + repository + "/manifests/" + image.manifestDigest(), null, 202);
        for (byte[] blob : image.blobs()) {
            send("DELETE", "/v2/" + repository + "/blobs/" + SoakImage.sha256(blob), null, 202);
        }
        send("HEAD", "/v2/" + repository + "/manifests/" + image.tag(), null, 404);
    }

    private Answer send(String method, String pathOrUrl, byte[] body, int expected, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(registry.resolve(pathOrUrl)).timeout(TIMEOUT)
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        byte[] content;
        try (InputStream in = response.body()) {
            content = in.readNBytes(MAX_RESPONSE);
        }
        if (response.statusCode() != expected) {
            throw new SoakFailure(method + " " + pathOrUrl + " answered " + response.statusCode() + " instead of " + expected + ": "
                    + new String(content, 0, Math.min(300, content.length)));
        }
        return new Answer(response.statusCode(), response.headers(), content);
    }

    private static String location(Answer response) {
        return response.headers().firstValue("Location").orElseThrow(() -> new SoakFailure("no Location in a " + response.status()));
    }

    private static void expect(boolean holds, String what) {
        if (!holds) {
            throw new SoakFailure(what);
        }
    }

    @Override
    public void close() {
        http.close();
    }

    /** A wrong answer from the registry. */
    static final class SoakFailure extends RuntimeException {
        SoakFailure(String message) {
            super(message);
        }
    }

    /** A response, its body read up to a bound. */
    private record Answer(int status, HttpHeaders headers, byte[] body) {
        String header(String name) {
            return headers.firstValue(name).orElse("");
        }
    }
}
