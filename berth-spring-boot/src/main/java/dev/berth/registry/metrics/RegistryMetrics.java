package dev.berth.registry.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The registry's own meters, beside Spring's {@code http.server.requests} and the storage's
 * {@code berth.storage.*}:
 * <ul>
 *   <li>{@code berth.registry.received} and {@code berth.registry.sent}: bytes of blob and manifest
 *       bodies taken from and given to clients, tagged {@code content} ({@code blob}, {@code manifest});</li>
 *   <li>{@code berth.uploads.open}: upload sessions this process started (POST) that have not been
 *       completed or cancelled since, nor left idle for a day (see {@code OpenUploads});</li>
 *   <li>{@code berth.digest.mismatches}: content that did not hash to its digest, tagged {@code where}.</li>
 * </ul>
 * Tags name kinds and places, never repositories or digests, so the series stay few.
 */
public final class RegistryMetrics {
    /** What a body holds. */
    public enum Content {
        BLOB, MANIFEST;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Where content failed to match its digest. */
    public enum Mismatch {
        /** A pushed blob (monolithic or chunked) did not hash to the digest the client declared. */
        UPLOAD,
        /** A manifest pushed by digest did not hash to it. */
        MANIFEST_PUSH,
        /** A stored blob did not hash to its digest while being served. */
        BLOB_READ,
        /** A stored manifest did not hash to its digest while being served. */
        MANIFEST_READ;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry meters;

    /** The application's meter registry; Micrometer's global one in an application without metrics. */
    public static MeterRegistry meterRegistry(ObjectProvider<MeterRegistry> meters) {
        return meters.getIfAvailable(() -> Metrics.globalRegistry);
    }
    private final Map<Content, Counter> received = new EnumMap<>(Content.class);
    private final Map<Content, Counter> sent = new EnumMap<>(Content.class);
    private final Map<Mismatch, Counter> mismatches = new EnumMap<>(Mismatch.class);

    public RegistryMetrics(MeterRegistry meters) {
        this.meters = meters;
        // Registered up front, so that a scrape shows zeros rather than no series at all.
        for (Content content : Content.values()) {
            received.put(content, Counter.builder("berth.registry.received").baseUnit("bytes")
                    .description("Bytes of blob and manifest bodies received from clients")
                    .tag("content", content.tag()).register(meters));
            sent.put(content, Counter.builder("berth.registry.sent").baseUnit("bytes")
                    .description("Bytes of blob and manifest bodies sent to clients")
                    .tag("content", content.tag()).register(meters));
        }
        for (Mismatch where : Mismatch.values()) {
            mismatches.put(where, Counter.builder("berth.digest.mismatches")
                    .description("Content that did not hash to its digest")
                    .tag("where", where.tag()).register(meters));
        }
    }

    /** The open upload sessions, as counted by their owner. */
    public void openUploads(Supplier<Number> count) {
        Gauge.builder("berth.uploads.open", count).description("Upload sessions started in this process, neither ended nor abandoned")
                .strongReference(true).register(meters);
    }

    public void received(Content content, long bytes) {
        received.get(content).increment(bytes);
    }

    public void sent(Content content, long bytes) {
        sent.get(content).increment(bytes);
    }

    public void digestMismatch(Mismatch where) {
        mismatches.get(where).increment();
    }

    /** The body as it is read, counted as received. */
    public InputStream receiving(Content content, InputStream body) {
        Counter counter = received.get(content);
        return new FilterInputStream(body) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b != -1) {
                    counter.increment();
                }
                return b;
            }

            @Override
            public int read(byte[] bytes, int offset, int length) throws IOException {
                int n = super.read(bytes, offset, length);
                if (n > 0) {
                    counter.increment(n);
                }
                return n;
            }
        };
    }

    /** The response body as it is written, counted as sent. */
    public OutputStream sending(Content content, OutputStream body) {
        Counter counter = sent.get(content);
        return new FilterOutputStream(body) {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                counter.increment();
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
                counter.increment(length);
            }
        };
    }
}
