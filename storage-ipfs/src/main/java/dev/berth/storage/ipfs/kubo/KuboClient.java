package dev.berth.storage.ipfs.kubo;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * A typed client of Kubo's RPC API ({@code /api/v0}), one small class per command family. Every
 * call has a connect timeout and a timeout on each wait for bytes; connections are pooled. Kubo's
 * errors become {@link KuboException}s, an unreachable or silent node a
 * {@link KuboUnavailableException}. Every call is timed in {@code berth.kubo.requests}, tagged
 * {@code command} and {@code outcome} ({@code success}, {@code error}, {@code unavailable}).
 *
 * <pre>{@code
 * try (KuboClient kubo = KuboClient.builder().api(URI.create("http://127.0.0.1:5001")).build()) {
 *     kubo.files().stat("/");
 * }
 * }</pre>
 *
 * <p>The RPC API is admin-level: keep it on loopback or behind {@code API.Authorizations}.
 */
public final class KuboClient implements Closeable {
    private final Rpc rpc;
    private final FilesCommands files;
    private final AddCommand add;
    private final CatCommand cat;
    private final LsCommand ls;
    private final NameCommands names;
    private final SwarmCommands swarm;
    private final RoutingCommands routing;
    private final PinCommands pins;
    private final DagCommands dag;
    private final BlockCommands blocks;
    private final NodeCommands node;
    private final RepoCommands repo;

    private KuboClient(Builder builder) {
        this.rpc = new Rpc(builder.api, builder.connectTimeout, builder.timeout, builder.maxConnections,
                builder.credentials, builder.meters, builder.maxReplySize);
        this.files = new FilesCommands(rpc);
        this.add = new AddCommand(rpc);
        this.cat = new CatCommand(rpc);
        this.ls = new LsCommand(rpc);
        this.names = new NameCommands(rpc);
        this.swarm = new SwarmCommands(rpc);
        this.routing = new RoutingCommands(rpc);
        this.pins = new PinCommands(rpc);
        this.dag = new DagCommands(rpc);
        this.blocks = new BlockCommands(rpc);
        this.node = new NodeCommands(rpc);
        this.repo = new RepoCommands(rpc);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The RPC API's base URL. */
    public URI api() {
        return rpc.api();
    }

    /** The longest wait for a connection or for the next bytes of a reply. */
    public Duration timeout() {
        return rpc.timeout();
    }

    public FilesCommands files() {
        return files;
    }

    public AddCommand add() {
        return add;
    }

    public CatCommand cat() {
        return cat;
    }

    public LsCommand ls() {
        return ls;
    }

    public NameCommands names() {
        return names;
    }

    public SwarmCommands swarm() {
        return swarm;
    }

    public RoutingCommands routing() {
        return routing;
    }

    public PinCommands pins() {
        return pins;
    }

    public DagCommands dag() {
        return dag;
    }

    public BlockCommands blocks() {
        return blocks;
    }

    public NodeCommands node() {
        return node;
    }

    public RepoCommands repo() {
        return repo;
    }

    /** Closes the connection pool. */
    @Override
    public void close() throws IOException {
        rpc.close();
    }

    /** Settings of a {@link KuboClient}; only {@link #api} is required. */
    public static final class Builder {
        private URI api;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration timeout = Duration.ofSeconds(30);
        private int maxConnections = 32;
        private KuboCredentials credentials;
        private MeterRegistry meters = Metrics.globalRegistry;
        private int maxReplySize = 64 * 1024 * 1024;

        private Builder() {}

        /** The RPC API's base URL, such as {@code http://127.0.0.1:5001}. */
        public Builder api(URI api) {
            Objects.requireNonNull(api, "api");
            if (!"http".equals(api.getScheme()) && !"https".equals(api.getScheme()) || api.getHost() == null) {
                throw new IllegalArgumentException("the Kubo API must be an http(s) URL: " + api);
            }
            this.api = api;
            return this;
        }

        /** How long to wait for a TCP connection (default 5 s). */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * How long to wait for a pooled connection, for a reply, and for each next bytes of a reply
         * (default 30 s). Kubo is also told it for calls that are not streams.
         */
        public Builder timeout(Duration timeout) {
            this.timeout = positive(timeout, "timeout");
            return this;
        }

        /** Connections kept open to Kubo at most (default 32). */
        public Builder maxConnections(int maxConnections) {
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
            }
            this.maxConnections = maxConnections;
            return this;
        }

        /**
         * The most bytes a reply that is read whole (JSON, such as a folder's listing) may have
         * (default 64 MiB); a longer one fails. Streamed content ({@code cat}, {@code files/read}) is not bounded by it.
         */
        public Builder maxReplySize(int maxReplySize) {
            if (maxReplySize < 1024) {
                throw new IllegalArgumentException("maxReplySize must be at least 1024 bytes: " + maxReplySize);
            }
            this.maxReplySize = maxReplySize;
            return this;
        }

        /** Credentials for a Kubo with {@code API.Authorizations}; none by default. */
        public Builder credentials(KuboCredentials credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /**
         * Where the {@code berth.kubo.requests} timer is recorded (default: Micrometer's global
         * registry, which keeps nothing until a registry is added to it).
         */
        public Builder meterRegistry(MeterRegistry meters) {
            this.meters = Objects.requireNonNull(meters, "meters");
            return this;
        }

        public KuboClient build() {
            if (api == null) {
                throw new IllegalStateException("the Kubo API URL is required");
            }
            return new KuboClient(this);
        }

        private static Duration positive(Duration duration, String name) {
            Objects.requireNonNull(duration, name);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + duration);
            }
            return duration;
        }
    }
}
