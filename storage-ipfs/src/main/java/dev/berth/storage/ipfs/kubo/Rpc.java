package dev.berth.storage.ipfs.kubo;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.function.Supplier;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.net.URIBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place where calls reach Kubo: it builds {@code POST /api/v0/<command>} requests, applies
 * the timeouts and credentials, and turns Kubo's three ways of failing (an error JSON, an
 * {@code X-Stream-Error} trailer, a body that ends early) and transport failures into exceptions.
 * Being the one place, it also times every call ({@link RpcMetrics}).
 */
final class Rpc implements Closeable {
    static final String STREAM_ERROR_TRAILER = "X-Stream-Error";
    /** Error bodies are short JSON; more than this is not an error reply worth reading. */
    private static final int MAX_ERROR_BODY = 64 * 1024;
    /** Kubo sends plain data; this client never asks for a browser's treatment (Kubo refuses browsers). */
    private static final String USER_AGENT = "berth-kubo-client";

    private final URI api;
    private final Duration timeout;
    private final KuboCredentials credentials;
    private final CloseableHttpClient http;
    private final RpcMetrics metrics;
    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .build();

    Rpc(URI api, Duration connectTimeout, Duration timeout, int maxConnections, KuboCredentials credentials,
        MeterRegistry meters) {
        this.api = api;
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
        return timed(command, () -> parse(command, body(command, withTimeout(args), null), type));
    }

    /** A command whose reply is one JSON value per line (add, files/rm, routing). */
    <T> List<T> lines(String command, Args args, Class<T> type) throws IOException {
        return timed(command, () -> parseLines(command, body(command, withTimeout(args), null), type));
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
        return timed(command, () -> parseLines(command, body(command, args, entity), type));
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
        return timed(command, () -> parseLines(command, body(command, args, entity), type));
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
            in.transferTo(out);
        } catch (KuboException e) {
            // files/rm says which path failed in the body and only "can't remove some files" in the trailer.
            String detail = out.toString(StandardCharsets.UTF_8).strip().replace("\"", "");
            if (detail.isEmpty() || detail.length() > MAX_ERROR_BODY) {
                throw e;
            }
            throw new KuboException(command, e.kuboMessage() + ": " + detail, e);
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
            throw transportFailure(command, e);
        }
        if (response.getCode() != 200) {
            try (response) {
                throw errorReply(command, response);
            }
        }
        return response;
    }

    private KuboException errorReply(String command, ClassicHttpResponse response) throws IOException {
        String body = "";
        HttpEntity entity = response.getEntity();
        if (entity != null) {
            try (InputStream in = entity.getContent()) {
                body = new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw transportFailure(command, e);
            }
        }
        try {
            ErrorReply reply = json.readValue(body, ErrorReply.class);
            if (reply.message() != null) {
                return new KuboException(command, reply.message());
            }
        } catch (JacksonException notJson) {
            // Not Kubo's error JSON (a 403 from the origin check is plain text): report it as it is.
        }
        return new KuboException(command, "HTTP " + response.getCode() + (body.isEmpty() ? "" : " " + body));
    }

    /** Kubo's error reply. */
    record ErrorReply(String message, Integer code, String type) {}

    private <T> T parse(String command, byte[] body, Class<T> type) throws KuboException {
        try {
            return json.readValue(body, type);
        } catch (JacksonException e) {
            throw malformed(command, body, e);
        }
    }

    private <T> List<T> parseLines(String command, byte[] body, Class<T> type) throws KuboException {
        List<T> values = new ArrayList<>();
        for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                try {
                    values.add(json.readValue(line, type));
                } catch (JacksonException e) {
                    throw malformed(command, body, e);
                }
            }
        }
        return values;
    }

    private static KuboException malformed(String command, byte[] body, JacksonException e) {
        String start = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
        return new KuboException(command, "malformed reply: " + start, e);
    }

    /** Connection failures and timeouts say "unavailable"; anything else is Kubo's answer. */
    static IOException transportFailure(String command, IOException e) {
        if (e instanceof KuboException || e instanceof KuboUnavailableException) {
            return e;
        }
        if (e instanceof ConnectException || e instanceof InterruptedIOException || e instanceof NoHttpResponseException
                || e instanceof ConnectionClosedException || e instanceof SocketException
                || e instanceof UnknownHostException) {
            return new KuboUnavailableException("kubo " + command + ": " + describe(e), e);
        }
        return new KuboException(command, describe(e), e);
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** The {@code X-Stream-Error} trailer of a fully read chunked reply, or {@code null}. */
    static String streamError(HttpEntity entity) {
        Supplier<List<? extends Header>> trailers = entity == null ? null : entity.getTrailers();
        if (trailers == null) {
            return null;
        }
        List<? extends Header> headers = trailers.get();
        if (headers == null) {
            return null;
        }
        for (Header header : headers) {
            if (header.getName().equalsIgnoreCase(STREAM_ERROR_TRAILER)) {
                return header.getValue();
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
