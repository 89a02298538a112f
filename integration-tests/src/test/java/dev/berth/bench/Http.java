package dev.berth.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** HTTP/1.1 over loopback with every reply bounded in time and size. */
final class Http {
    /** A reply whose body was read whole, within its bound. */
    record Reply(int status, HttpHeaders headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.firstValue(name).orElse("");
        }
    }

    private Http() {}

    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Sends a request (which carries its own timeout) and reads at most {@code limit} bytes of the reply. */
    static Reply send(HttpClient http, HttpRequest request, int limit) throws IOException {
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                byte[] bytes = body.readNBytes(limit + 1);
                if (bytes.length > limit) {
                    throw new IOException(request.method() + " " + request.uri() + " answered more than " + limit + " bytes");
                }
                return new Reply(response.statusCode(), response.headers(), bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + request.method() + " " + request.uri(), e);
        }
    }

    /** GET of a small text resource that must answer 200. */
    static String getText(HttpClient http, URI uri, Duration timeout, int limit) throws IOException {
        Reply reply = send(http, HttpRequest.newBuilder(uri).timeout(timeout).GET().build(), limit);
        if (reply.status() != 200) {
            throw new IOException("GET " + uri + " answered " + reply.status() + ": " + reply.text());
        }
        return reply.text();
    }
}
