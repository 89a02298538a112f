package dev.berth.registry.mirror.upstream;

import dev.berth.registry.mirror.upstream.UpstreamInvalidResponseException.Reason;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.auth.AuthSchemeFactory;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The one place where bytes go to an upstream: Apache HttpClient 5 with the upstream's timeouts,
 * bounded headers, no automatic retries, redirects or authentication of its own. It follows at most
 * {@link #MAX_REDIRECTS} redirects itself, sending {@code Authorization} only to the origin the
 * credentials belong to (a blob redirected to a CDN or object store gets no credentials), and turns
 * transport failures and failing statuses into {@link UpstreamException}s.
 */
final class Transport implements Closeable {
    static final int MAX_REDIRECTS = 5;
    /** Registry error bodies are short JSON; the rest of a longer body is not read. */
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final String USER_AGENT = "berth-mirror";
    /** Blob bodies are read in pieces of up to this size (HttpClient's default, 8 KiB, costs a call per 8 KiB). */
    private static final int BUFFER = 64 * 1024;

    private final UpstreamProperties.Upstream upstream;
    private final CloseableHttpClient http;

    Transport(UpstreamProperties.Upstream upstream) {
        this.upstream = upstream;
        ConnectionConfig connections = ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(upstream.connectTimeout()))
                .setSocketTimeout(Timeout.of(upstream.readTimeout()))
                .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                .setTimeToLive(TimeValue.ofMinutes(5))
                .build();
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(connections)
                        .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
                                .http1Config(Http1Config.custom().setMaxLineLength(16 * 1024).setMaxHeaderCount(200)
                                        .setBufferSize(BUFFER).build())
                                .build())
                        .setMaxConnTotal(64)
                        .setMaxConnPerRoute(32)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.of(upstream.readTimeout()))
                        .setResponseTimeout(Timeout.of(upstream.readTimeout()))
                        .build())
                .setUserAgent(USER_AGENT)
                // Digests are over the bytes as the registry stores them, and lengths must be theirs.
                .disableContentCompression()
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                // Challenges are answered by Authenticator; the client must never answer one itself.
                .setDefaultAuthSchemeRegistry(RegistryBuilder.<AuthSchemeFactory>create().build())
                .setTargetAuthenticationStrategy((type, challenges, context) -> List.of())
                .setProxyAuthenticationStrategy((type, challenges, context) -> List.of())
                .evictExpiredConnections()
                .build();
    }

    UpstreamProperties.Upstream upstream() {
        return upstream;
    }

    /**
     * Sends a request and follows redirects with the same method and headers.
     *
     * @param authorization the {@code Authorization} value, or {@code null}
     * @param authorizedOrigin the only origin (scheme, host, port) that is sent {@code authorization}
     */
    Response send(String call, String method, URI uri, Map<String, String> headers, String authorization,
                  URI authorizedOrigin, Deadline deadline) throws UpstreamException {
        URI target = uri;
        for (int redirects = 0; ; redirects++) {
            HttpUriRequestBase request = new HttpUriRequestBase(method, target);
            headers.forEach(request::setHeader);
            if (authorization != null && sameOrigin(target, authorizedOrigin)) {
                request.setHeader(HttpHeaders.AUTHORIZATION, authorization);
            }
            deadline.watch(request);
            ClassicHttpResponse raw;
            try {
                raw = http.executeOpen(null, request, null);
            } catch (IOException e) {
                throw failure(call, e, deadline);
            } catch (IllegalStateException e) {
                // A request cancelled by its deadline while it connects fails this way in HttpClient.
                if (!request.isCancelled()) {
                    throw e;
                }
                throw failure(call, new InterruptedIOException("cancelled while connecting"), deadline);
            }
            Response response = new Response(target, request, raw);
            if (!isRedirect(response.code())) {
                return response;
            }
            String location = response.header(HttpHeaders.LOCATION).orElse(null);
            discard(response);
            target = redirectTarget(call, target, location, redirects);
        }
    }

    private URI redirectTarget(String call, URI from, String location, int redirects) throws UpstreamException {
        if (redirects >= MAX_REDIRECTS) {
            throw invalid(call, Reason.BAD_REDIRECT, "more than " + MAX_REDIRECTS + " redirects");
        }
        if (location == null || location.isEmpty()) {
            throw invalid(call, Reason.BAD_REDIRECT, "a redirect without Location");
        }
        URI next;
        try {
            next = from.resolve(URI.create(location));
        } catch (IllegalArgumentException e) {
            throw invalid(call, Reason.BAD_REDIRECT, "a redirect to an unreadable Location");
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || next.getHost() == null) {
            throw invalid(call, Reason.BAD_REDIRECT, "a redirect to a non-http(s) location");
        }
        if (from.getScheme().equalsIgnoreCase("https") && scheme.equals("http")) {
            throw invalid(call, Reason.BAD_REDIRECT, "a redirect from https to http, to " + next.getHost());
        }
        return next;
    }

    /** Reads a whole body, refusing one longer than {@code max} bytes before or while reading it. */
    byte[] readBody(String call, Response response, int max, String what, Deadline deadline) throws UpstreamException {
        long declared = response.contentLength();
        if (declared > max) {
            throw invalid(call, Reason.TOO_LARGE, what + " of " + declared + " bytes is over the limit of " + max);
        }
        // Not closed here: closing the body would read the rest of a long one; closing the reply cancels instead.
        try {
            InputStream in = response.body();
            byte[] body = in.readNBytes(max + 1);
            if (body.length > max) {
                throw invalid(call, Reason.TOO_LARGE, what + " is over the limit of " + max + " bytes");
            }
            response.drained();
            return body;
        } catch (IOException e) {
            throw failure(call, e, deadline);
        }
    }

    /** Closes a reply not needed any more, keeping its connection when its body is short. */
    void discard(Response response) {
        RegistryError.read(response, MAX_ERROR_BODY);
        response.close();
    }

    /** The exception for a reply whose status the call does not accept; the reply is read (bounded) and closed. */
    UpstreamException failure(String call, Response response) {
        try (response) {
            int code = response.code();
            RegistryError error = RegistryError.read(response, MAX_ERROR_BODY);
            String name = upstream.name();
            if (code == 404) {
                return new UpstreamNotFoundException(name, call, error.code(), "not found (404)" + error.describe());
            }
            if (code == 401 || code == 403) {
                return new UpstreamUnauthorizedException(name, call, code, error.code(),
                        (code == 401 ? "unauthorized (401)" : "denied (403)") + error.describe());
            }
            if (code == 429) {
                return new UpstreamRateLimitedException(name, call, error.code(),
                        RetryAfter.parse(response.header(HttpHeaders.RETRY_AFTER).orElse(null), Instant.now()));
            }
            if (code >= 500) {
                return new UpstreamServerErrorException(name, call, code, error.code(),
                        RetryAfter.parse(response.header(HttpHeaders.RETRY_AFTER).orElse(null), Instant.now()));
            }
            return new UpstreamInvalidResponseException(name, call, Reason.UNEXPECTED_STATUS,
                    "unexpected status " + code + error.describe());
        }
    }

    /** The exception for a transport failure: unreachable, silent, cut short, or unreadable. */
    UpstreamException failure(String call, IOException e, Deadline deadline) {
        if (e instanceof UpstreamException upstreamFailure) {
            return upstreamFailure;
        }
        String name = upstream.name();
        if (deadline.expired()) {
            return new UpstreamUnavailableException(name, call, "no whole reply within " + deadline.timeout().toMillis()
                    + " ms", true, e);
        }
        if (e instanceof MessageConstraintException) {
            return new UpstreamInvalidResponseException(name, call, Reason.TOO_LARGE, "headers over the limit: "
                    + e.getMessage(), e);
        }
        if (e instanceof ClientProtocolException) {
            return new UpstreamInvalidResponseException(name, call, Reason.MALFORMED, "not HTTP: " + describe(e), e);
        }
        boolean timedOut = e instanceof InterruptedIOException;
        return new UpstreamUnavailableException(name, call, (timedOut ? "timed out: " : "unreachable: ") + describe(e),
                timedOut, e);
    }

    UpstreamInvalidResponseException invalid(String call, Reason reason, String message) {
        return new UpstreamInvalidResponseException(upstream.name(), call, reason, message);
    }

    static boolean sameOrigin(URI a, URI b) {
        return b != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    private static boolean isRedirect(int code) {
        return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
