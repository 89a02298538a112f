package dev.berth.storage.ipfs;

import dev.berth.storage.ipfs.kubo.KuboClient;
import dev.berth.storage.ipfs.kubo.KuboCredentials;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/** Settings of an {@link IpfsStorageDriver}, from {@link IpfsStorageDriver#builder()}; only {@link #api} is required. */
public final class IpfsStorageDriverBuilder {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final KuboClient.Builder client = KuboClient.builder().timeout(DEFAULT_TIMEOUT).connectTimeout(DEFAULT_TIMEOUT);
    private boolean connectTimeoutSet;
    private String root = "/berth";
    private URI gateway;

    IpfsStorageDriverBuilder() {}

    /** Kubo's RPC API, such as {@code http://127.0.0.1:5001}. Keep it on loopback. */
    public IpfsStorageDriverBuilder api(URI api) {
        client.api(api);
        return this;
    }

    /** The MFS folder holding the stored files (default {@code /berth}); pending content goes to {@code <root>.partial}. */
    public IpfsStorageDriverBuilder root(String root) {
        this.root = new MfsLayout(root).root();
        return this;
    }

    /**
     * How long any call waits for Kubo: for a connection (unless {@link #connectTimeout} is set),
     * for an answer, and for each next bytes of a stream (default 30 s). Past it the operation
     * fails with a {@code StorageUnavailableException}.
     */
    public IpfsStorageDriverBuilder timeout(Duration timeout) {
        client.timeout(timeout);
        if (!connectTimeoutSet) {
            client.connectTimeout(timeout);
        }
        return this;
    }

    /** How long to wait for a TCP connection to Kubo (default: the timeout). */
    public IpfsStorageDriverBuilder connectTimeout(Duration connectTimeout) {
        client.connectTimeout(connectTimeout);
        connectTimeoutSet = true;
        return this;
    }

    /** An HTTP gateway serving this node's content; {@code redirectUrl} then points at {@code <gateway>/ipfs/<cid>}. */
    public IpfsStorageDriverBuilder gatewayUrl(URI gateway) {
        Objects.requireNonNull(gateway, "gateway");
        if (!gateway.isAbsolute() || !gateway.getScheme().startsWith("http")) {
            throw new IllegalArgumentException("the gateway must be an absolute http(s) URL: " + gateway);
        }
        this.gateway = gateway;
        return this;
    }

    /** Credentials for a Kubo API protected by {@code API.Authorizations}. */
    public IpfsStorageDriverBuilder credentials(KuboCredentials credentials) {
        client.credentials(credentials);
        return this;
    }

    /** Where Kubo calls are timed ({@code berth.kubo.requests}); default: Micrometer's global registry. */
    public IpfsStorageDriverBuilder meterRegistry(MeterRegistry meters) {
        client.meterRegistry(meters);
        return this;
    }

    public IpfsStorageDriver build() {
        return new IpfsStorageDriver(client.build(), new MfsLayout(root), gateway);
    }
}
