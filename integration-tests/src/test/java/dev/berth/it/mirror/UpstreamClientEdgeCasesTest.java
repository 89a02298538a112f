package dev.berth.it.mirror;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.it.support.EdgeCaseRegistry;
import dev.berth.registry.mirror.upstream.UpstreamBlob;
import dev.berth.registry.mirror.upstream.UpstreamClient;
import dev.berth.registry.mirror.upstream.UpstreamInvalidResponseException;
import dev.berth.registry.mirror.upstream.UpstreamInvalidResponseException.Reason;
import dev.berth.registry.mirror.upstream.UpstreamManifest;
import dev.berth.registry.mirror.upstream.UpstreamProperties.Upstream;
import dev.berth.registry.mirror.upstream.UpstreamUnauthorizedException;
import dev.berth.registry.mirror.upstream.UpstreamUnavailableException;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.DigestAlgorithm;
import dev.berth.registry.naming.MediaType;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The upstream client against replies a real registry does not give on demand, from a tiny local
 * registry behind basic auth: a blob redirected to another host, redirect loops, oversized, lying,
 * corrupt, short and trickling bodies.
 */
class UpstreamClientEdgeCasesTest {
    private static final String USER = "edge";
    private static final String PASSWORD = "edge-5ecret";
    private static final byte[] BLOB = "the bytes of a blob that a CDN serves".getBytes(StandardCharsets.UTF_8);
    private static final Digest BLOB_DIGEST = Digest.of(DigestAlgorithm.SHA256, BLOB);
    private static final String OCI = MediaType.OCI_MANIFEST.value();

    private EdgeCaseRegistry registry;
    private UpstreamClient client;

    @BeforeEach
    void start() throws IOException {
        registry = EdgeCaseRegistry.start(USER, PASSWORD);
        client = UpstreamClient.of(edge(Duration.ofSeconds(10)));
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        registry.close();
    }

    @Test
    void aBlobRedirectedToAnotherHostIsFetchedThereWithoutTheCredentials() throws IOException {
        registry.route("/v2/edge/blobs/" + BLOB_DIGEST, exchange -> {
            exchange.getResponseHeaders().set("Location", registry.otherHostUrl() + "/cdn/blob?signature=abc");
            exchange.sendResponseHeaders(307, -1);
        });
        registry.otherHostRoute("/cdn/blob", exchange -> EdgeCaseRegistry.reply(exchange, 200, "application/octet-stream", BLOB));
        try (UpstreamBlob blob = client.getBlob(new RepositoryName("edge"), BLOB_DIGEST)) {
            assertEquals(BLOB.length, blob.length());
            assertArrayEquals(BLOB, blob.stream().readAllBytes());
        }
        assertEquals(List.of(Optional.empty()), registry.otherHostAuthorizations(),
                "the registry needed basic auth; the other host got no Authorization");
    }

    @Test
    void aHostTheBlobIsRedirectedToCannotChallengeForTheCredentials() {
        registry.route("/v2/edge/blobs/" + BLOB_DIGEST, exchange -> {
            exchange.getResponseHeaders().set("Location", registry.otherHostUrl() + "/cdn/blob");
            exchange.sendResponseHeaders(307, -1);
        });
        registry.otherHostRoute("/cdn/blob", exchange -> {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"" + registry.otherHostUrl() + "/token\"");
            exchange.sendResponseHeaders(401, -1);
        });
        registry.otherHostRoute("/token", exchange -> EdgeCaseRegistry.reply(exchange, 200, "application/json",
                "{\"token\":\"stolen\"}".getBytes(StandardCharsets.UTF_8)));
        UpstreamUnauthorizedException refused = assertThrows(UpstreamUnauthorizedException.class,
                () -> client.getBlob(new RepositoryName("edge"), BLOB_DIGEST));
        assertEquals(401, refused.status());
        assertEquals(List.of(Optional.empty()), registry.otherHostAuthorizations(),
                "one request to the other host, without credentials, and none to the realm it named");
    }

    @Test
    void aRedirectLoopEndsAfterFiveRedirects() {
        registry.route("/v2/loop/blobs/" + BLOB_DIGEST, exchange -> {
            exchange.getResponseHeaders().set("Location", "/v2/loop/blobs/" + BLOB_DIGEST);
            exchange.sendResponseHeaders(302, -1);
        });
        UpstreamInvalidResponseException refused = assertThrows(UpstreamInvalidResponseException.class,
                () -> client.getBlob(new RepositoryName("loop"), BLOB_DIGEST));
        assertEquals(Reason.BAD_REDIRECT, refused.reason());
    }

    @Test
    void aManifestDeclaredOverFourMebibytesIsRefusedUnread() {
        byte[] big = manifestOfSize(5 * 1024 * 1024);
        registry.route("/v2/big/manifests/latest", exchange -> EdgeCaseRegistry.reply(exchange, 200, OCI, big));
        UpstreamInvalidResponseException refused = assertThrows(UpstreamInvalidResponseException.class,
                () -> client.getManifest(new RepositoryName("big"), new Tag("latest")));
        assertEquals(Reason.TOO_LARGE, refused.reason());
        assertTrue(refused.getMessage().contains(big.length + " bytes"), refused.getMessage());
    }

    @Test
    void aManifestStreamedWithoutLengthIsCutAtFourMebibytesWithoutReadingOn() throws IOException {
        byte[] big = manifestOfSize(5 * 1024 * 1024);
        registry.route("/v2/big/manifests/latest", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", OCI);
            exchange.sendResponseHeaders(200, 0); // chunked
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(big, 0, 4 * 1024 * 1024 + 64 * 1024);
                out.flush();
                for (int i = 4 * 1024 * 1024 + 64 * 1024; i < big.length; i++) { // then a byte every 100 ms
                    out.write(big[i]);
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException clientLeft) {
                // The client stops reading at its limit.
            }
        });
        client.ping();
        long started = System.nanoTime();
        UpstreamInvalidResponseException refused = assertThrows(UpstreamInvalidResponseException.class,
                () -> client.getManifest(new RepositoryName("big"), new Tag("latest")));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(Reason.TOO_LARGE, refused.reason());
        assertTrue(took.compareTo(Duration.ofSeconds(4)) < 0,
                "the rest is not read (that would last until the 10 s request timeout), took " + took);
    }

    @Test
    void aManifestThatDoesNotHashToItsDeclaredDigestIsRefused() {
        byte[] manifest = manifestOfSize(200);
        registry.route("/v2/lying/manifests/latest", exchange -> {
            exchange.getResponseHeaders().set("Docker-Content-Digest", BLOB_DIGEST.toString());
            EdgeCaseRegistry.reply(exchange, 200, OCI, manifest);
        });
        UpstreamInvalidResponseException refused = assertThrows(UpstreamInvalidResponseException.class,
                () -> client.getManifest(new RepositoryName("lying"), new Tag("latest")));
        assertEquals(Reason.DIGEST_MISMATCH, refused.reason());
        assertTrue(refused.isUpstreamFailure());
    }

    @Test
    void aManifestWithoutDeclaredDigestGetsTheDigestOfItsBytes() throws IOException {
        byte[] manifest = manifestOfSize(300);
        registry.route("/v2/plain/manifests/latest", exchange -> EdgeCaseRegistry.reply(exchange, 200, "application/json", manifest));
        UpstreamManifest fetched = client.getManifest(new RepositoryName("plain"), new Tag("latest"));
        assertEquals(Digest.of(DigestAlgorithm.SHA256, manifest), fetched.digest());
        assertEquals(MediaType.OCI_MANIFEST, fetched.mediaType(), "taken from the body when Content-Type is generic");
    }

    @Test
    void aCorruptBlobFailsAtItsEndInsteadOfEnding() throws IOException {
        byte[] corrupt = BLOB.clone();
        corrupt[3] ^= 1;
        registry.route("/v2/corrupt/blobs/" + BLOB_DIGEST,
                exchange -> EdgeCaseRegistry.reply(exchange, 200, "application/octet-stream", corrupt));
        try (UpstreamBlob blob = client.getBlob(new RepositoryName("corrupt"), BLOB_DIGEST);
             InputStream in = blob.stream()) {
            assertEquals(corrupt.length, in.readNBytes(corrupt.length).length);
            UpstreamInvalidResponseException refused = assertThrows(UpstreamInvalidResponseException.class, in::read);
            assertEquals(Reason.DIGEST_MISMATCH, refused.reason());
        }
    }

    @Test
    void closingABlobEarlyDropsTheConnectionInsteadOfReadingTheRest() throws IOException {
        registry.route("/v2/huge/blobs/" + BLOB_DIGEST, exchange -> {
            exchange.sendResponseHeaders(200, 1L << 30);
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = exchange.getResponseBody()) {
                for (long sent = 0; sent < 1L << 30; sent += chunk.length) { // 1 GiB at 6.4 MB/s: almost three minutes
                    out.write(chunk);
                    out.flush();
                    Thread.sleep(10);
                }
            } catch (IOException | InterruptedException clientLeft) {
                // The client closed the connection.
            }
        });
        UpstreamBlob blob = client.getBlob(new RepositoryName("huge"), BLOB_DIGEST);
        assertEquals(1L << 30, blob.length());
        assertEquals(1000, blob.stream().readNBytes(1000).length);
        long started = System.nanoTime();
        blob.close();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(Duration.ofSeconds(1)) < 0, "closing does not read the rest, took " + took);
    }

    @Test
    void aBlobCutShortOfItsLengthIsUnavailable() throws IOException {
        registry.route("/v2/short/blobs/" + BLOB_DIGEST, exchange -> {
            exchange.sendResponseHeaders(200, 1000);
            exchange.getResponseBody().write(new byte[500]);
            exchange.getResponseBody().flush();
            // A failing handler makes the server close the connection, half the declared body sent.
            throw new IOException("body cut short on purpose");
        });
        try (UpstreamBlob blob = client.getBlob(new RepositoryName("short"), BLOB_DIGEST)) {
            assertEquals(1000, blob.length());
            UpstreamUnavailableException cut = assertThrows(UpstreamUnavailableException.class, () -> blob.stream().readAllBytes());
            assertFalse(cut.timedOut(), cut.getMessage());
        }
    }

    @Test
    void aManifestTricklingInIsCutAtTheRequestTimeout() throws IOException {
        byte[] manifest = manifestOfSize(150);
        registry.route("/v2/slow/manifests/latest", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", OCI);
            exchange.sendResponseHeaders(200, manifest.length);
            try (OutputStream out = exchange.getResponseBody()) {
                for (byte b : manifest) { // one byte every 200 ms (30 s in all), never silent for the 5 s read timeout
                    out.write(b);
                    out.flush();
                    Thread.sleep(200);
                }
            } catch (IOException | InterruptedException clientLeft) {
                // The client gave up.
            }
        });
        try (UpstreamClient impatient = UpstreamClient.of(edge(Duration.ofSeconds(1)))) {
            impatient.ping(); // connected and logged in: the second below is the trickle's alone
            long started = System.nanoTime();
            UpstreamUnavailableException unavailable = assertThrows(UpstreamUnavailableException.class,
                    () -> impatient.getManifest(new RepositoryName("slow"), new Tag("latest")));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(unavailable.timedOut(), unavailable.getMessage());
            assertTrue(took.compareTo(Duration.ofMillis(900)) >= 0 && took.compareTo(Duration.ofSeconds(4)) < 0,
                    "the 1 s request timeout ends the call (the trickle never trips the 5 s read timeout), took " + took);
        }
    }

    @Test
    void basicAuthIsAnsweredWithTheCredentialsAndRefusedWithoutThem() throws IOException {
        byte[] manifest = manifestOfSize(150);
        registry.route("/v2/private/manifests/v1", exchange -> EdgeCaseRegistry.reply(exchange, 200, OCI, manifest));
        assertArrayEquals(manifest, client.getManifest(new RepositoryName("private"), new Tag("v1")).content());
        try (UpstreamClient anonymous = UpstreamClient.of(Upstream.of("edge.example", registry.url()))) {
            UpstreamUnauthorizedException refused = assertThrows(UpstreamUnauthorizedException.class,
                    () -> anonymous.getManifest(new RepositoryName("private"), new Tag("v1")));
            assertEquals(401, refused.status());
        }
    }

    @Test
    void aBearerRealmOnAnotherHostGetsTheCredentialsAndTheRegistryOnlyTheToken() throws IOException {
        String token = "edge." + "t".repeat(4000) + ".token";
        registry.askForBearer(URI.create(registry.otherHostUrl() + "/token"), token);
        registry.otherHostRoute("/token", exchange -> EdgeCaseRegistry.reply(exchange, 200, "application/json",
                ("{\"access_token\":\"" + token + "\",\"expires_in\":300}").getBytes(StandardCharsets.UTF_8)));
        byte[] manifest = manifestOfSize(180);
        registry.route("/v2/team/app/manifests/v1", exchange -> {
            if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.sendResponseHeaders(500, -1); // basic credentials were sent where a token belongs
                return;
            }
            EdgeCaseRegistry.reply(exchange, 200, OCI, manifest);
        });
        try (UpstreamClient bearer = UpstreamClient.of(Upstream.of("edge.example", registry.url()).withCredentials(USER, PASSWORD))) {
            assertArrayEquals(manifest, bearer.getManifest(new RepositoryName("team/app"), new Tag("v1")).content());
        }
        String basic = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(Optional.of(basic)), registry.otherHostAuthorizations(), "the realm got the credentials once");
    }

    @Test
    void anOversizedOrUnusableTokenReplyIsRefused() throws IOException {
        registry.askForBearer(URI.create(registry.otherHostUrl() + "/token"), "never-issued");
        String huge = "{\"token\":\"" + "t".repeat(300 * 1024) + "\"}";
        registry.otherHostRoute("/token", exchange -> EdgeCaseRegistry.reply(exchange, 200, "application/json",
                huge.getBytes(StandardCharsets.UTF_8)));
        UpstreamInvalidResponseException tooLarge = assertThrows(UpstreamInvalidResponseException.class,
                () -> client.getManifest(new RepositoryName("team/app"), new Tag("v1")));
        assertEquals(Reason.TOO_LARGE, tooLarge.reason());

        registry.otherHostRoute("/token", exchange -> EdgeCaseRegistry.reply(exchange, 200, "application/json",
                "{\"token\":\"abc\\r\\nX-Injected: yes\"}".getBytes(StandardCharsets.UTF_8)));
        UpstreamInvalidResponseException unusable = assertThrows(UpstreamInvalidResponseException.class,
                () -> client.getManifest(new RepositoryName("team/app"), new Tag("v1")));
        assertEquals(Reason.MALFORMED, unusable.reason());
    }

    @Test
    void aManifestNestedDeeperThanTheJsonBoundIsRefused() {
        String deep = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI + "\",\"annotations\":" + "[".repeat(200) + "]".repeat(200) + "}";
        registry.route("/v2/deep/manifests/latest",
                exchange -> EdgeCaseRegistry.reply(exchange, 200, OCI, deep.getBytes(StandardCharsets.UTF_8)));
        UpstreamInvalidResponseException refused = assertThrows(UpstreamInvalidResponseException.class,
                () -> client.getManifest(new RepositoryName("deep"), new Tag("latest")));
        assertEquals(Reason.MALFORMED, refused.reason());
        assertTrue(refused.getMessage().contains("nesting depth"), refused.getMessage());
    }

    /** The edge registry as an upstream: a 5 s read timeout, and the given request timeout. */
    private Upstream edge(Duration requestTimeout) {
        return Upstream.of("edge.example", registry.url()).withCredentials(USER, PASSWORD)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), requestTimeout);
    }

    /** An OCI manifest of exactly {@code size} bytes, padded with an annotation. */
    private static byte[] manifestOfSize(int size) {
        String start = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI + "\",\"annotations\":{\"pad\":\"";
        String end = "\"}}";
        return (start + "x".repeat(size - start.length() - end.length()) + end).getBytes(StandardCharsets.UTF_8);
    }
}
