package dev.berth.registry.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay in front of Kubo's RPC API that counts the calls passing through ({@code POST /api/v0/}
 * request lines) and, at call number {@code cutAt}, runs {@code atCut} (killing Kubo, say) and then
 * lets nothing more through: as if the process making the calls died right there. Bytes are relayed
 * untouched, trailers included.
 */
final class KuboCallCutter implements AutoCloseable {
    private static final byte[] CALL = "POST /api/v0/".getBytes(StandardCharsets.US_ASCII);

    private final URI kubo;
    private final int cutAt;
    private final Runnable atCut;
    private final ServerSocket server;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicBoolean cut = new AtomicBoolean();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    /** @param cutAt the first call that does not reach Kubo; 0 never cuts */
    KuboCallCutter(URI kubo, int cutAt, Runnable atCut) throws IOException {
        this.kubo = kubo;
        this.cutAt = cutAt;
        this.atCut = atCut;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().start(this::accept);
    }

    URI api() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** The calls that reached the relay so far, the cut one included. */
    int calls() {
        return calls.get();
    }

    boolean wasCut() {
        return cut.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (cut.get()) {
                    client.close();
                    continue;
                }
                Socket upstream = new Socket(kubo.getHost(), kubo.getPort());
                sockets.add(client);
                sockets.add(upstream);
                Thread.ofPlatform().daemon().start(() -> relay(client, upstream, true));
                Thread.ofPlatform().daemon().start(() -> relay(upstream, client, false));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Copies bytes one way; on the way to Kubo, counts calls and cuts before the chosen one. */
    private void relay(Socket from, Socket to, boolean towardsKubo) {
        byte[] buffer = new byte[64 * 1024];
        byte[] tail = new byte[0];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                if (cut.get()) {
                    break;
                }
                if (towardsKubo) {
                    byte[] window = new byte[tail.length + n];
                    System.arraycopy(tail, 0, window, 0, tail.length);
                    System.arraycopy(buffer, 0, window, tail.length, n);
                    int forwardUpTo = window.length;
                    for (int at = indexOf(window, 0); at >= 0; at = indexOf(window, at + 1)) {
                        if (at + CALL.length <= tail.length) {
                            continue; // counted with the bytes before
                        }
                        if (calls.incrementAndGet() == cutAt) {
                            forwardUpTo = at;
                            cut.set(true); // from now on nothing reaches Kubo, on any connection
                            atCut.run();
                            break;
                        }
                    }
                    int start = tail.length;
                    if (forwardUpTo > start) {
                        out.write(window, start, forwardUpTo - start);
                        out.flush();
                    }
                    if (cut.get()) {
                        break;
                    }
                    tail = java.util.Arrays.copyOfRange(window, Math.max(0, window.length - CALL.length + 1), window.length);
                } else {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
        } catch (IOException ended) {
            // one side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            if (cut.get()) {
                sockets.forEach(KuboCallCutter::closeQuietly);
            }
        }
    }

    private static int indexOf(byte[] window, int from) {
        outer:
        for (int i = from; i <= window.length - CALL.length; i++) {
            for (int j = 0; j < CALL.length; j++) {
                if (window[i + j] != CALL[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        cut.set(true);
        server.close();
        sockets.forEach(KuboCallCutter::closeQuietly);
    }
}
