package dev.berth.it.mirror;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.it.support.TokenAuthDistribution;
import dev.berth.it.support.TokenServer;
import dev.berth.it.support.UpstreamImages;
import dev.berth.registry.mirror.upstream.AuthChallenge;
import dev.berth.registry.mirror.upstream.BlobRange;
import dev.berth.registry.mirror.upstream.ManifestDescriptor;
import dev.berth.registry.mirror.upstream.TagPage;
import dev.berth.registry.mirror.upstream.UpstreamBlob;
import dev.berth.registry.mirror.upstream.UpstreamClient;
import dev.berth.registry.mirror.upstream.UpstreamManifest;
import dev.berth.registry.mirror.upstream.UpstreamNotFoundException;
import dev.berth.registry.mirror.upstream.UpstreamProperties.Upstream;
import dev.berth.registry.mirror.upstream.UpstreamUnauthorizedException;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.DigestAlgorithm;
import dev.berth.registry.naming.MediaType;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The upstream client against CNCF distribution v3.1.1 asking for Docker token authentication,
 * with a token server that knows alice and lets anyone pull {@code library/busybox}. The client
 * is configured as a mirror of {@code docker.io}, so {@code busybox} is {@code library/busybox}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpstreamClientTokenAuthTest {
    private static final String PASSWORD = "wonderland-5ecret";
    private static final long LAYER_SIZE = 3 * 1024 * 1024 + 17;

    @TempDir
    static Path work;
    private TokenServer tokens;
    private TokenAuthDistribution distribution;
    private final Map<String, String> digests = new java.util.HashMap<>();

    @BeforeAll
    void startUpstreamAndPushImages() throws IOException {
        tokens = TokenServer.start(work.resolve("tokens"), "berth-test-upstream", Map.of("alice", PASSWORD),
                List.of("library/busybox"), Duration.ofMinutes(5));
        distribution = TokenAuthDistribution.start("upstream-token-auth", work.resolve("distribution"), tokens);
        UpstreamImages images = UpstreamImages.loggedIn(distribution.host(), "alice", PASSWORD, work.resolve("crane"));
        digests.put("busybox", images.pushImage("library/busybox", "latest", LAYER_SIZE, 1, false));
        images.pushImage("library/busybox", "1.0", 1024, 11, false);
        images.pushImage("library/busybox", "1.1", 1024, 12, false);
        digests.put("private", images.pushImage("team/private", "v1", 2048, 2, true));
        String other = images.pushImage("team/private", "v2", 2048, 3, true);
        digests.put("index", images.pushIndex("team/private", "multi", List.of(digests.get("private"), other)));
    }

    @AfterAll
    void stopUpstream() {
        if (distribution != null) {
            distribution.close();
        }
        if (tokens != null) {
            tokens.close();
        }
    }

    @Test
    void anonymousClientGetsATokenForAPublicRepositoryAndReadsItThroughDockerHubsLibraryName() throws IOException {
        int before = tokens.requests().size();
        try (UpstreamClient client = UpstreamClient.of(dockerIo())) {
            UpstreamManifest manifest = client.getManifest(new RepositoryName("busybox"), new Tag("latest"));
            assertEquals(digests.get("busybox"), manifest.digest().toString());
            assertEquals(MediaType.DOCKER_MANIFEST, manifest.mediaType());
            assertEquals(Digest.of(DigestAlgorithm.SHA256, manifest.content()), manifest.digest());
        }
        TokenServer.TokenRequest request = tokens.requests().get(before);
        assertEquals(Optional.empty(), request.user(), "no credentials were sent to the realm");
        assertEquals(List.of("repository:library/busybox:pull"), request.scopes());
    }

    @Test
    void anonymousClientIsRefusedAPrivateRepository() throws IOException {
        try (UpstreamClient client = UpstreamClient.of(dockerIo())) {
            UpstreamUnauthorizedException refused = assertThrows(UpstreamUnauthorizedException.class,
                    () -> client.getManifest(new RepositoryName("team/private"), new Tag("v1")));
            assertEquals(401, refused.status());
            assertFalse(refused.isUpstreamFailure(), "a refusal is an answer, not an outage");
            assertEquals(Optional.of("UNAUTHORIZED"), refused.errorCode());
        }
    }

    @Test
    void loggedInClientReadsOciManifestsAndIndexesByTagAndDigest() throws IOException {
        try (UpstreamClient client = UpstreamClient.of(dockerIo().withCredentials("alice", PASSWORD))) {
            RepositoryName name = new RepositoryName("team/private");
            UpstreamManifest image = client.getManifest(name, new Tag("v1"));
            assertEquals(digests.get("private"), image.digest().toString());
            assertEquals(MediaType.OCI_MANIFEST, image.mediaType());

            UpstreamManifest index = client.getManifest(name, new Tag("multi"));
            assertEquals(digests.get("index"), index.digest().toString());
            assertEquals(MediaType.OCI_INDEX, index.mediaType());
            UpstreamManifest byDigest = client.getManifest(name, Digest.parse(digests.get("index")));
            assertArrayEquals(index.content(), byDigest.content());

            ManifestDescriptor head = client.headManifest(name, new Tag("multi"));
            assertEquals(index.descriptor(), head, "HEAD says what GET reads");
            assertEquals(image.descriptor(), client.headManifest(name, Digest.parse(digests.get("private"))));
        }
    }

    @Test
    void wrongCredentialsAreRefusedByTheRealmAndNeverShown() throws IOException {
        String wrong = "not-the-password-42";
        try (UpstreamClient client = UpstreamClient.of(dockerIo().withCredentials("alice", wrong))) {
            UpstreamUnauthorizedException refused = assertThrows(UpstreamUnauthorizedException.class,
                    () -> client.getManifest(new RepositoryName("busybox"), new Tag("latest")));
            assertEquals(401, refused.status());
            assertTrue(refused.call().startsWith("token for repository:library/busybox:pull"), refused.call());
            assertFalse(refused.getMessage().contains(wrong), refused.getMessage());
        }
    }

    @Test
    void aTokenServesEveryCallOfItsScopeUntilShortlyBeforeItExpires() throws Exception {
        RepositoryName name = new RepositoryName("team/private");
        try (UpstreamClient client = UpstreamClient.of(dockerIo().withCredentials("alice", PASSWORD))) {
            int before = tokens.requests().size();
            client.headManifest(name, new Tag("v1"));
            client.getManifest(name, new Tag("v1"));
            client.listTags(name, 10, Optional.empty());
            assertEquals(1, tokens.requests().size() - before, "one token for three calls of one scope");
            client.headManifest(new RepositoryName("busybox"), new Tag("latest"));
            assertEquals(2, tokens.requests().size() - before, "another scope, another token");
            assertEquals(Optional.of("alice"), tokens.requests().getLast().user());

            tokens.lifetime(Duration.ofSeconds(2));
            try (UpstreamClient shortLived = UpstreamClient.of(dockerIo().withCredentials("alice", PASSWORD))) {
                int start = tokens.requests().size();
                shortLived.headManifest(name, new Tag("v1"));
                shortLived.headManifest(name, new Tag("v1"));
                assertEquals(1, tokens.requests().size() - start);
                Thread.sleep(1_200); // past the refresh point: half of a 2 s lifetime
                shortLived.headManifest(name, new Tag("v1"));
                assertEquals(2, tokens.requests().size() - start, "a token near its end is replaced before use");
            } finally {
                tokens.lifetime(Duration.ofMinutes(5));
            }
        }
    }

    @Test
    void distributionAlsoFindsTheSigningKeyByItsThumbprintAlone() throws IOException {
        tokens.certificateInTokens(false);
        try (UpstreamClient client = UpstreamClient.of(dockerIo().withCredentials("alice", PASSWORD))) {
            assertEquals(digests.get("private"),
                    client.getManifest(new RepositoryName("team/private"), new Tag("v1")).digest().toString());
        } finally {
            tokens.certificateInTokens(true);
        }
    }

    @Test
    void aBlobStreamsWithItsDeclaredLengthAndChecksOut() throws IOException {
        try (UpstreamClient client = UpstreamClient.of(dockerIo())) {
            JsonNode layer = layerOf(client.getManifest(new RepositoryName("busybox"), new Tag("latest")));
            Digest digest = Digest.parse(layer.path("digest").asString());
            long size = layer.path("size").asLong();
            assertTrue(size > LAYER_SIZE, "a gzipped layer of random bytes is larger than its file: " + size);
            try (UpstreamBlob blob = client.getBlob(new RepositoryName("busybox"), digest)) {
                assertEquals(size, blob.length());
                assertEquals(size, blob.totalSize().orElseThrow());
                assertFalse(blob.isPartial());
                var hash = DigestAlgorithm.SHA256.newMessageDigest();
                long read = 0;
                byte[] buffer = new byte[64 * 1024];
                try (InputStream in = blob.stream()) {
                    for (int n; (n = in.read(buffer)) >= 0; read += n) {
                        hash.update(buffer, 0, n);
                    }
                }
                assertEquals(size, read);
                assertEquals(digest, Digest.of(DigestAlgorithm.SHA256, hash));
            }
        }
    }

    @Test
    void aBlobRangeIsThePartAskedFor() throws IOException {
        try (UpstreamClient client = UpstreamClient.of(dockerIo())) {
            RepositoryName name = new RepositoryName("busybox");
            Digest digest = Digest.parse(layerOf(client.getManifest(name, new Tag("latest"))).path("digest").asString());
            byte[] whole;
            try (UpstreamBlob blob = client.getBlob(name, digest)) {
                whole = blob.stream().readAllBytes();
            }
            try (UpstreamBlob part = client.getBlob(name, digest, new BlobRange(1000, 1999))) {
                assertTrue(part.isPartial());
                assertEquals(1000, part.offset());
                assertEquals(1000, part.length());
                assertEquals(whole.length, part.totalSize().orElseThrow());
                assertArrayEquals(Arrays.copyOfRange(whole, 1000, 2000), part.stream().readAllBytes());
            }
            try (UpstreamBlob tail = client.getBlob(name, digest, BlobRange.from(whole.length - 10))) {
                assertArrayEquals(Arrays.copyOfRange(whole, whole.length - 10, whole.length), tail.stream().readAllBytes());
            }
        }
    }

    @Test
    void unknownManifestsAndBlobsAreNotFound() throws IOException {
        try (UpstreamClient client = UpstreamClient.of(dockerIo())) {
            RepositoryName name = new RepositoryName("busybox");
            UpstreamNotFoundException manifest = assertThrows(UpstreamNotFoundException.class,
                    () -> client.getManifest(name, new Tag("no-such-tag")));
            assertEquals(Optional.of("MANIFEST_UNKNOWN"), manifest.errorCode());
            assertFalse(manifest.isUpstreamFailure());
            Digest missing = Digest.of(DigestAlgorithm.SHA256, "nothing".getBytes());
            UpstreamNotFoundException blob = assertThrows(UpstreamNotFoundException.class, () -> client.getBlob(name, missing));
            assertEquals(Optional.of("BLOB_UNKNOWN"), blob.errorCode());
        }
    }

    @Test
    void tagsAreListedPageByPage() throws IOException {
        try (UpstreamClient client = UpstreamClient.of(dockerIo())) {
            RepositoryName name = new RepositoryName("busybox");
            List<String> all = new ArrayList<>();
            TagPage first = client.listTags(name, 2, Optional.empty());
            assertEquals(2, first.tags().size());
            assertTrue(first.next().isPresent(), "a Link to the next page");
            all.addAll(first.tags());
            TagPage second = client.listTags(name, 2, first.next());
            all.addAll(second.tags());
            assertEquals(List.of("1.0", "1.1", "latest"), all);
            assertEquals(Optional.empty(), second.next());
        }
    }

    @Test
    void pingAnswersTheBearerChallengeOfTheRegistry() throws IOException {
        try (UpstreamClient client = UpstreamClient.of(dockerIo().withCredentials("alice", PASSWORD))) {
            AuthChallenge challenge = client.ping().orElseThrow();
            assertTrue(challenge.isBearer());
            assertEquals(Optional.of(tokens.realm().toString()), challenge.realm());
            assertEquals(Optional.of(tokens.service()), challenge.service());
            assertEquals(List.of(), tokens.requests().getLast().scopes(), "the API root takes a token without scope");
        }
    }

    private Upstream dockerIo() {
        return Upstream.of("docker.io", distribution.url());
    }

    private static JsonNode layerOf(UpstreamManifest manifest) {
        return JsonMapper.builder().build().readTree(manifest.content()).path("layers").path(0);
    }
}
