package dev.berth.storage.ipfs.kubo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.storage.ipfs.testing.KuboExtension;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every RPC is timed in berth.kubo.requests by command and outcome, on a real Kubo. */
class KuboRequestMetricsTest {
    @RegisterExtension
    static final KuboExtension KUBO = new KuboExtension();

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private KuboClient kubo;

    @BeforeEach
    void connect() {
        kubo = KuboClient.builder().api(KUBO.node().api()).meterRegistry(meters).build();
    }

    @AfterEach
    void close() throws IOException {
        kubo.close();
    }

    @Test
    void eachCallIsCountedUnderItsCommandWithItsOutcome() throws IOException {
        kubo.files().stat("/");
        kubo.files().stat("/");
        assertThrows(KuboException.class, () -> kubo.files().stat("/no/such/path"));
        assertThrows(KuboException.class, () -> kubo.files().rm("/never/made"));

        assertEquals(2, count("files/stat", "success"));
        assertEquals(1, count("files/stat", "error"));
        assertEquals(1, count("files/rm", "error"));
        assertTrue(timer("files/stat", "success").totalTime(TimeUnit.NANOSECONDS) > 0);
    }

    @Test
    void aStreamedReplyIsRecordedOnceWhenItEnds() throws IOException {
        byte[] content = new byte[300_000];
        new SplittableRandom(5).nextBytes(content);
        String cid = kubo.add().add(new ByteArrayInputStream(content), ImportOptions.BERTH).hash();
        assertEquals(1, count("add", "success"));

        try (InputStream in = kubo.cat().cat("/ipfs/" + cid, 0, content.length)) {
            assertEquals(0, count("cat", "success"), "recorded before the stream ended");
            assertArrayEquals(content, in.readAllBytes());
        }
        try (InputStream in = kubo.cat().cat("/ipfs/" + cid, 0, content.length)) {
            in.readNBytes(10); // a reader stopping early is not Kubo's failure
        }
        assertEquals(2, count("cat", "success"));

        assertThrows(KuboException.class, () -> kubo.cat().cat("/ipfs/not-a-cid", 0, -1).close());
        assertEquals(1, count("cat", "error"));
    }

    @Test
    void aNodeThatCannotBeReachedIsUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (KuboClient nowhere = KuboClient.builder().api(URI.create("http://127.0.0.1:" + closedPort))
                .connectTimeout(Duration.ofSeconds(2)).meterRegistry(meters).build()) {
            assertThrows(KuboUnavailableException.class, () -> nowhere.files().stat("/"));
        }
        assertEquals(1, count("files/stat", "unavailable"));
    }

    private long count(String command, String outcome) {
        Timer timer = meters.find(RpcMetrics.NAME).tags("command", command, "outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }

    private Timer timer(String command, String outcome) {
        return meters.get(RpcMetrics.NAME).tags("command", command, "outcome", outcome).timer();
    }
}
