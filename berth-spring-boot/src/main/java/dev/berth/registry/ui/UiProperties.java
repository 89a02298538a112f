package dev.berth.registry.ui;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code berth.ui.*}: the web UI the registry serves at {@code /}.
 *
 * @param enabled whether the UI is served at all
 * @param gatewayUrl the public URL of an IPFS gateway that serves this node's content, such as
 *     {@code https://ipfs.example.com}; CIDs link to {@code <gatewayUrl>/ipfs/<cid>}. Without it CIDs
 *     are shown unlinked. Kubo's RPC API is never linked or proxied.
 * @param registryHost the host (and port) clients reach the registry by, for the pull commands; by
 *     default the host the browser used
 * @param indexRefresh how old the home page's list of repositories may grow before it is read again
 *     from storage in the background (this process's own pushes and deletes show at once)
 * @param pageSize repositories or tags on one page
 */
@ConfigurationProperties("berth.ui")
public record UiProperties(@DefaultValue("true") boolean enabled, URI gatewayUrl, String registryHost,
                           @DefaultValue("1m") Duration indexRefresh, @DefaultValue("100") int pageSize) {
    public UiProperties {
        if (gatewayUrl != null && (gatewayUrl.getHost() == null
                || !"http".equals(gatewayUrl.getScheme()) && !"https".equals(gatewayUrl.getScheme()))) {
            throw new IllegalArgumentException("berth.ui.gateway-url must be an http(s) URL: " + gatewayUrl);
        }
        if (registryHost != null && (registryHost.isBlank() || registryHost.contains("/"))) {
            throw new IllegalArgumentException("berth.ui.registry-host is a host with an optional port, not '" + registryHost + "'");
        }
        if (indexRefresh.isNegative() || indexRefresh.isZero()) {
            throw new IllegalArgumentException("berth.ui.index-refresh must be positive");
        }
        if (pageSize < 1 || pageSize > 1000) {
            throw new IllegalArgumentException("berth.ui.page-size must be between 1 and 1000");
        }
    }

    /** Where a gateway serves a CID, when one is configured. */
    public Optional<String> gatewayLink(String cid) {
        if (gatewayUrl == null) {
            return Optional.empty();
        }
        String base = gatewayUrl.toString();
        return Optional.of((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/ipfs/" + cid);
    }
}
