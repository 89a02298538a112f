package dev.berth.storage.ipfs.kubo;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.net.URIBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The one place where calls reach Kubo: it builds {@code POST /api/v0/<command>} requests, applies
 * the timeouts and credentials, and turns Kubo's three ways of failing (an error JSON, an
 * {@code X-Stream-Error} trailer, a body that ends early) and transport failures into exceptions
 * ({@link RpcReplies}). Being the one place, it also times every call ({@link RpcMetrics}).
 */
final class Rpc implements Closeable {
    /** Kubo sends plain data; this client never asks for a browser's treatment (Kubo refuses browsers). */
    private static final String USER_AGENT = "berth-kubo-client";

    private final URI api;
    private final Duration timeout;
    private final KuboCredentials credentials;
    private final CloseableHttpClient http;
    private final RpcMetrics metrics;
    private final int maxReplySize;

    Rpc(URI api, Duration connectTimeout, Duration timeout, int maxConnections, KuboCredentials credentials,
        MeterRegistry meters, int maxReplySize) {
        this.api = api;
        this.maxReplySize = maxReplySize;
        this.metrics = new RpcMetrics(meters);
        this.timeout = timeout;
        this.credentials = credentials;
        ConnectionConfig connections = ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(connectTimeout))
                .setSocketTimeout(Timeout.of(timeout))
                // A pooled connection may point at a Kubo that restarted (which takes longer than
                // this), and POSTs are not retried: check a connection idle this long before reuse.
                .setValidateAfterInactivity(TimeValue.ofMilliseconds(100))
                .build();
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(connections)
                        .setMaxConnTotal(maxConnections)
                        .setMaxConnPerRoute(maxConnections)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.of(timeout))
                        .setResponseTimeout(Timeout.of(timeout))
                        .build())
                .setUserAgent(USER_AGENT)
                // Compression would hide the chunked stream and with it Kubo's error trailer.
                .disableContentCompression()
                // Kubo's commands are not idempotent (a repeated files/mv fails differently).
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .evictExpiredConnections()
                .build();
    }

    URI api() {
        return api;
    }

    Duration timeout() {
        return timeout;
    }

    /**
     * A command whose reply is one JSON value. Kubo is also told the timeout, so that it gives up on
     * content it cannot find instead of holding the call open.
     */
    <T> T json(String command, Args args, Class<T> type) throws IOException {
        return timed(command, () -> RpcReplies.parse(command, body(command, withTimeout(args), null), type));
    }

    /** A command whose reply is one JSON value per line (add, files/rm, routing). */
    <T> List<T> lines(String command, Args args, Class<T> type) throws IOException {
        return timed(command, () -> RpcReplies.parseLines(command, body(command, withTimeout(args), null), type));
    }

    /** A command that answers nothing when it succeeds; any body is a failure (files/rm reports that way). */
    void quiet(String command, Args args) throws IOException {
        timed(command, () -> {
            byte[] body = body(command, withTimeout(args), null);
            String text = new String(body, StandardCharsets.UTF_8).strip();
            if (!text.isEmpty()) {
                throw new KuboException(command, text.replace("\"", ""));
            }
            return null;
        });
    }

    /** Uploads a stream as the file part of a multipart body, chunked, and parses the JSON lines of the reply. */
    <T> List<T> upload(String command, Args args, InputStream content, Class<T> type) throws IOException {
        HttpEntity entity = MultipartEntityBuilder.create()
                // Kubo takes the first file part.
                .addPart("file", new StreamedFilePart(content))
                .build();
        return timed(command, () -> RpcReplies.parseLines(command, body(command, args, entity), type));
    }

    /**
     * Opens a streamed reply. Without a Kubo-side timeout (it would bound the whole transfer); the
     * client's socket timeout bounds each wait for bytes instead.
     *
     * @param expectedLength the bytes the stream must deliver, or -1 when unknown
     */
    InputStream stream(String command, Args args, long expectedLength) throws IOException {
        HttpPost post = post(command, args, null);
        long started = metrics.now();
        ClassicHttpResponse response;
        try {
            response = open(command, post);
        } catch (IOException | RuntimeException e) {
            metrics.record(command, RpcMetrics.Outcome.of(e), started, metrics.now());
            throw e;
        }
        long answered = metrics.now();
        try {
            return new KuboStream(command, post, response, expectedLength,
                    outcome -> metrics.record(command, outcome, started, answered));
        } catch (IOException | RuntimeException e) {
            metrics.record(command, RpcMetrics.Outcome.of(e), started, answered);
            response.close();
            throw e;
        }
    }

    /** Sends a body (a CAR, for instance) and returns the reply's JSON lines. */
    <T> List<T> send(String command, Args args, HttpEntity entity, Class<T> type) throws IOException {
        return timed(command, () -> RpcReplies.parseLines(command, body(command, args, entity), type));
    }

    private interface Call<T> {
        T run() throws IOException;
    }

    /** A call whose whole reply is read before it returns, timed from the request to the parsed reply. */
    private <T> T timed(String command, Call<T> call) throws IOException {
        long started = metrics.now();
        RpcMetrics.Outcome outcome = RpcMetrics.Outcome.SUCCESS;
        try {
            return call.run();
        } catch (IOException | RuntimeException e) {
            outcome = RpcMetrics.Outcome.of(e);
            throw e;
        } finally {
            metrics.record(command, outcome, started, metrics.now());
        }
    }

    private Args withTimeout(Args args) {
        return args.with("timeout", timeout.toMillis() + "ms");
    }

    private byte[] body(String command, Args args, HttpEntity entity) throws IOException {
        HttpPost post = post(command, args, entity);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = new KuboStream(command, post, open(command, post), -1, outcome -> {})) {
            // A reply read whole is held in memory: past the bound it is too long, and the rest is not read.
            byte[] buffer = new byte[8192];
            for (int read = in.read(buffer); read != -1 && out.size() <= maxReplySize; read = in.read(buffer)) {
                out.write(buffer, 0, read);
            }
        } catch (KuboException e) {
            // files/rm says which path failed in the body and only "can't remove some files" in the trailer.
            String detail = out.toString(StandardCharsets.UTF_8).strip().replace("\"", "");
            if (detail.isEmpty() || detail.length() > RpcReplies.MAX_ERROR_BODY) {
                throw e;
            }
            throw new KuboException(command, e.kuboMessage() + ": " + detail, e);
        }
        if (out.size() > maxReplySize) {
            throw new KuboException(command, "the reply is longer than " + maxReplySize + " bytes");
        }
        return out.toByteArray();
    }

    private HttpPost post(String command, Args args, HttpEntity entity) throws IOException {
        URI uri;
        try {
            uri = new URIBuilder(api).appendPath("api/v0/" + command).addParameters(args.pairs()).build();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot build a Kubo URL for " + command, e);
        }
        HttpPost post = new HttpPost(uri);
        if (credentials != null) {
            post.setHeader(HttpHeaders.AUTHORIZATION, credentials.header());
        }
        post.setEntity(entity);
        return post;
    }

    private ClassicHttpResponse open(String command, HttpPost post) throws IOException {
        ClassicHttpResponse response;
        try {
            response = http.executeOpen(null, post, null);
        } catch (IOException e) {
            throw RpcReplies.transportFailure(command, e);
        }
        if (response.getCode() != 200) {
            try (response) {
                throw RpcReplies.errorReply(command, response);
            }
        }
        return response;
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
