package dev.berth.storage.ipfs.kubo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Replies a real Kubo gives only on rare failures (a stream that fails after it started, one that
 * ends early, a reply that is not JSON), from a one-shot HTTP server, and the headers the client
 * sends.
 */
class KuboReplyEdgeCasesTest {
    private static final String CHUNKED_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTrailer: X-Stream-Error\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n";

    @Test
    void aStreamThatEndsWithATrailerErrorFailsInsteadOfLookingShort() throws Exception {
        String reply = CHUNKED_HEAD + "5\r\nhello\r\n0\r\nX-Stream-Error: blockstore: block not found\r\n\r\n";
        try (OneShotServer server = new OneShotServer(reply); KuboClient kubo = client(server)) {
            InputStream in = kubo.cat().cat("/ipfs/bafkqaaa", 0, -1);
            KuboException e = assertThrows(KuboException.class, in::readAllBytes);
            assertTrue(e.kuboMessage().contains("block not found"), e.getMessage());
        }
    }

    @Test
    void aStreamThatEndsShortOfTheExpectedLengthFails() throws Exception {
        String reply = CHUNKED_HEAD + "5\r\nhello\r\n0\r\n\r\n";
        try (OneShotServer server = new OneShotServer(reply); KuboClient kubo = client(server)) {
            InputStream in = kubo.cat().cat("/ipfs/bafkqaaa", 0, 10);
            assertThrows(KuboUnavailableException.class, in::readAllBytes);
        }
    }

    @Test
    void aReplyReadWholeIsBoundedAndALongerOneFailsWithoutBeingRead() throws Exception {
        String links = "{\"Name\":\"entry\",\"Hash\":\"bafkqaaa\",\"Size\":0,\"Type\":2},".repeat(100);
        String body = "{\"Objects\":[{\"Hash\":\"bafkqaaa\",\"Links\":[" + links + "{\"Name\":\"last\",\"Hash\":\"bafkqaaa\",\"Size\":0,\"Type\":2}]}]}";
        String reply = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
        try (OneShotServer server = new OneShotServer(reply);
             KuboClient kubo = KuboClient.builder().api(server.uri()).timeout(Duration.ofSeconds(5)).maxReplySize(2048).build()) {
            KuboException e = assertThrows(KuboException.class, () -> kubo.ls().ls("/ipfs/bafkqaaa"));
            assertTrue(e.kuboMessage().contains("longer than 2048 bytes"), e.getMessage());
        }
        try (OneShotServer server = new OneShotServer(reply); KuboClient kubo = client(server)) {
            assertEquals(101, kubo.ls().ls("/ipfs/bafkqaaa").size());
        }
    }

    @Test
    void aReplyThatIsNotJsonIsAKuboException() throws Exception {
        String reply = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 9\r\n\r\n<html>...";
        try (OneShotServer server = new OneShotServer(reply); KuboClient kubo = client(server)) {
            KuboException e = assertThrows(KuboException.class, () -> kubo.files().stat("/"));
            assertTrue(e.kuboMessage().startsWith("malformed reply"), e.getMessage());
        }
    }

    @Test
    void theClientSendsCredentialsButNoBrowserHeaders() throws Exception {
        String reply = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
        try (OneShotServer server = new OneShotServer(reply);
                KuboClient kubo = KuboClient.builder().api(server.uri()).timeout(Duration.ofSeconds(5))
                        .credentials(KuboCredentials.bearer("secret")).build()) {
            kubo.node().version();
            List<String> head = server.requestHead();
            assertTrue(head.getFirst().startsWith("POST /api/v0/version?"), head.getFirst());
            assertTrue(head.contains("Authorization: Bearer secret"), head.toString());
            assertFalse(head.stream().anyMatch(line -> line.toLowerCase().startsWith("origin:")), head.toString());
            assertFalse(head.stream().anyMatch(line -> line.contains("Mozilla")), head.toString());
        }
    }

    @Test
    void basicCredentialsAreEncodedAsKuboExpects() {
        assertEquals("Basic dXNlcjpwYXNz", KuboCredentials.basic("user", "pass").header());
        assertThrows(IllegalArgumentException.class, () -> KuboCredentials.basic("a:b", "pass"));
        assertThrows(IllegalArgumentException.class, () -> KuboCredentials.bearer(" "));
    }

    private static KuboClient client(OneShotServer server) {
        return KuboClient.builder().api(server.uri()).timeout(Duration.ofSeconds(5)).build();
    }

    /** Answers one request with a fixed reply and keeps the request's head. */
    private static final class OneShotServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0);
        private final CompletableFuture<List<String>> head = new CompletableFuture<>();

        OneShotServer(String reply) throws IOException {
            Thread.ofVirtual().start(() -> {
                try (Socket client = socket.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
                    List<String> lines = new ArrayList<>();
                    for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
                        lines.add(line);
                    }
                    head.complete(lines);
                    OutputStream out = client.getOutputStream();
                    out.write(reply.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    client.shutdownOutput();
                    in.read();
                } catch (IOException e) {
                    head.completeExceptionally(e);
                }
            });
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }

        List<String> requestHead() throws Exception {
            return head.get(5, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
