package dev.berth.registry.mirror;

import dev.berth.registry.mirror.upstream.UpstreamException;
import dev.berth.registry.mirror.upstream.UpstreamInvalidResponseException;
import dev.berth.registry.mirror.upstream.UpstreamRateLimitedException;
import dev.berth.registry.mirror.upstream.UpstreamServerErrorException;
import dev.berth.registry.mirror.upstream.UpstreamUnauthorizedException;
import dev.berth.registry.mirror.upstream.UpstreamUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The mirror's meters. Tags name upstreams (a handful, from configuration) and kinds of content
 * and failure, never repositories or digests:
 * <ul>
 *   <li>{@code berth.mirror.hits} ({@code content}): served from the cache, fresh;</li>
 *   <li>{@code berth.mirror.misses} ({@code content}, {@code source}: {@code peer} or {@code upstream}):
 *       not in the cache, fetched from a tree of the mirror group or from the upstream;</li>
 *   <li>{@code berth.mirror.stale} ({@code content}): served from the cache because the upstream failed;</li>
 *   <li>{@code berth.mirror.upstream.errors} ({@code upstream}, {@code error}): calls the upstream failed
 *       ({@code rate_limited}, {@code unavailable}, {@code server_error}, {@code invalid_response},
 *       {@code unauthorized}); a 404 is an answer, not an error;</li>
 *   <li>{@code berth.mirror.upstream.bytes} ({@code upstream}) and {@code berth.mirror.peer.bytes}: bytes
 *       of blobs and manifests fetched.</li>
 * </ul>
 */
public final class MirrorMetrics {
    /** What was served. */
    public enum Content {
        BLOB, MANIFEST;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry meters;
    private final Map<String, Counter> upstreamBytes = new ConcurrentHashMap<>();

    public MirrorMetrics(MeterRegistry meters) {
        this.meters = meters;
        for (Content content : Content.values()) {
            hits(content);
            stale(content);
            misses(content, "peer");
            misses(content, "upstream");
        }
        peerBytes();
    }

    public void hit(Content content) {
        hits(content).increment();
    }

    public void stale(Content content, UpstreamException cause) {
        stale(content).increment();
        upstreamError(cause);
    }

    public void fromPeer(Content content, long bytes) {
        misses(content, "peer").increment();
        peerBytes().increment(bytes);
    }

    public void fromUpstream(Content content) {
        misses(content, "upstream").increment();
    }

    public void upstreamBytes(String upstream, long bytes) {
        // counted at every read of a blob: the counter is looked up once per upstream, not registered each time
        upstreamBytes.computeIfAbsent(upstream, name -> Counter.builder("berth.mirror.upstream.bytes").baseUnit("bytes")
                .description("Bytes of blobs and manifests fetched from upstreams").tag("upstream", name).register(meters))
                .increment(bytes);
    }

    /** Counts a failed upstream call; answers about the content (404) are not failures. */
    public void upstreamError(UpstreamException e) {
        String error = errorTag(e);
        if (error != null) {
            Counter.builder("berth.mirror.upstream.errors").description("Calls an upstream failed")
                    .tag("upstream", e.upstream()).tag("error", error).register(meters).increment();
        }
    }

    /** The {@code error} tag of a failure, or null for an answer about the content. */
    static String errorTag(UpstreamException e) {
        return switch (e) {
            case UpstreamRateLimitedException limited -> "rate_limited";
            case UpstreamUnavailableException unavailable -> "unavailable";
            case UpstreamServerErrorException server -> "server_error";
            case UpstreamInvalidResponseException invalid -> "invalid_response";
            case UpstreamUnauthorizedException unauthorized -> "unauthorized";
            default -> null;
        };
    }

    private Counter hits(Content content) {
        return Counter.builder("berth.mirror.hits").description("Blobs and manifests served from the mirror's cache")
                .tag("content", content.tag()).register(meters);
    }

    private Counter stale(Content content) {
        return Counter.builder("berth.mirror.stale").description("Tags served from the cache because the upstream failed")
                .tag("content", content.tag()).register(meters);
    }

    private Counter misses(Content content, String source) {
        return Counter.builder("berth.mirror.misses").description("Blobs and manifests not in the cache, fetched from a peer or upstream")
                .tag("content", content.tag()).tag("source", source).register(meters);
    }

    private Counter peerBytes() {
        return Counter.builder("berth.mirror.peer.bytes").baseUnit("bytes").description("Bytes fetched from the mirror group's trees")
                .register(meters);
    }
}
