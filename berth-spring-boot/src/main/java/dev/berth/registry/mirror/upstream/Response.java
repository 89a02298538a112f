package dev.berth.registry.mirror.upstream;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;

/**
 * An open reply from an upstream, after redirects. Closing it once its body was read to the end
 * keeps the connection for the next call; closing it earlier cancels the request, which shuts the
 * connection: HttpClient would otherwise read and discard the rest of the body, however long.
 */
final class Response implements Closeable {
    private final URI uri;
    private final HttpUriRequestBase request;
    private final ClassicHttpResponse raw;
    private volatile boolean drained;

    Response(URI uri, HttpUriRequestBase request, ClassicHttpResponse raw) {
        this.uri = uri;
        this.request = request;
        this.raw = raw;
    }

    /** Says that the body was read to its end, so closing keeps the connection. */
    void drained() {
        drained = true;
    }

    /** The URL that answered, after redirects. */
    URI uri() {
        return uri;
    }

    int code() {
        return raw.getCode();
    }

    Optional<String> header(String name) {
        Header header = raw.getFirstHeader(name);
        return header == null ? Optional.empty() : Optional.ofNullable(header.getValue()).map(String::strip);
    }

    List<String> headers(String name) {
        return Arrays.stream(raw.getHeaders(name)).map(Header::getValue).toList();
    }

    /** The declared body length, or -1 when the upstream did not declare one. */
    long contentLength() {
        HttpEntity entity = raw.getEntity();
        return entity == null ? 0 : entity.getContentLength();
    }

    /** The {@code Content-Length} header, as a HEAD reply declares it; -1 when missing or unreadable. */
    long headerLength() {
        Optional<String> value = header("Content-Length");
        if (value.isEmpty() || value.get().isEmpty() || value.get().length() > 18
                || !value.get().chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(value.get());
    }

    /** The body as it arrives; an empty stream when there is none (HEAD, 204). */
    InputStream body() throws IOException {
        HttpEntity entity = raw.getEntity();
        return entity == null ? InputStream.nullInputStream() : entity.getContent();
    }

    @Override
    public void close() {
        if (!drained && raw.getEntity() != null) {
            request.cancel();
        }
        try {
            raw.close();
        } catch (IOException ignored) {
            // Closing drops the connection; there is nothing left to tell.
        }
    }
}
