package dev.berth.registry.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.config.CharCodingConfig;
import org.apache.hc.core5.http.impl.bootstrap.HttpRequester;
import org.apache.hc.core5.http.impl.bootstrap.RequesterBootstrap;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnectionFactory;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.protocol.HttpCoreContext;
import org.apache.hc.core5.http.protocol.HttpProcessorBuilder;
import org.apache.hc.core5.http.protocol.RequestConnControl;
import org.apache.hc.core5.http.protocol.RequestContent;
import org.apache.hc.core5.http.protocol.RequestTargetHost;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * An HTTP/1.1 client that sends requests exactly as a {@link Request} holds them: the target
 * unparsed (so malformed escapes and raw UTF-8 reach the server), only the headers given plus
 * Host and the body's framing. A request that gets no response at all comes back with status 0
 * and the failure as its body, for the invariants to report.
 */
final class RawHttp implements AutoCloseable {
    static final int MAX_BODY = 16 * 1024 * 1024;
    private static final Timeout TIMEOUT = Timeout.ofSeconds(60);

    private final HttpHost host;
    private final HttpRequester requester;

    RawHttp(int port) {
        this.host = new HttpHost("http", "127.0.0.1", port);
        this.requester = RequesterBootstrap.bootstrap()
                .setHttpProcessor(HttpProcessorBuilder.create()
                        .addAll(new RequestContent(), new RequestTargetHost(), new RequestConnControl()).build())
                .setConnectionFactory(DefaultBHttpClientConnectionFactory.builder()
                        .charCodingConfig(CharCodingConfig.custom().setCharset(StandardCharsets.UTF_8).build()).build())
                .setSocketConfig(SocketConfig.custom().setSoTimeout(TIMEOUT).build())
                // below Tomcat's keep-alive timeout: a connection it closed while idle is never taken again
                .setTimeToLive(Timeout.ofSeconds(20))
                .setDefaultMaxPerRoute(64)
                .setMaxTotal(64)
                .create();
    }

    Exchange send(Request request) {
        try {
            for (int retry = 0; ; retry++) {
                try {
                    return requester.execute(host, message(request), TIMEOUT, HttpCoreContext.create(), response -> read(request, response));
                } catch (NoHttpResponseException | SocketException staleConnection) {
                    // A pooled connection the server had closed (no answer, or a broken pipe while the request was
                    // written): the request never reached the registry. Again on another connection, twice at most.
                    if (retry == 2) {
                        throw staleConnection;
                    }
                }
            }
        } catch (IOException | HttpException e) {
            return new Exchange(request, 0, List.of(), ("no response: " + e).getBytes(StandardCharsets.UTF_8));
        }
    }

    private BasicClassicHttpRequest message(Request request) {
        BasicClassicHttpRequest message = new BasicClassicHttpRequest(request.method(), host, request.target());
        request.headers().forEach(header -> message.addHeader(header.getKey(), header.getValue()));
        if (request.body() != null) {
            message.setEntity(new ByteArrayEntity(request.body(), null, request.chunked()));
        }
        return message;
    }

    private static Exchange read(Request request, ClassicHttpResponse response) throws IOException {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (Header header : response.getHeaders()) {
            headers.add(Map.entry(header.getName(), header.getValue()));
        }
        HttpEntity entity = response.getEntity();
        byte[] body = new byte[0];
        if (entity != null) {
            try (InputStream in = entity.getContent()) {
                body = in.readNBytes(MAX_BODY);
            }
        }
        return new Exchange(request, response.getCode(), headers, body);
    }

    @Override
    public void close() {
        requester.close(CloseMode.GRACEFUL);
    }
}
