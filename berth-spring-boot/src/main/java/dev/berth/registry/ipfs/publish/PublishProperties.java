package dev.berth.registry.ipfs.publish;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code berth.publish.*}: publishing the registry's tree beyond its own node.
 *
 * @param ipns IPNS publishing of the root CID; off unless a key is named
 * @param delay how long changes gather before the derived trees (gateway view, image trees) take them
 *     in, off the request path
 */
@ConfigurationProperties("berth.publish")
public record PublishProperties(@DefaultValue Ipns ipns, @DefaultValue("200ms") Duration delay) {

    /**
     * @param key the name of the Kubo key to publish under (made when missing); empty: no IPNS publishing
     * @param debounce how long changes gather before one publish
     * @param lifetime how long a published record stays valid
     */
    public record Ipns(String key, @DefaultValue("5s") Duration debounce, @DefaultValue("48h") Duration lifetime) {
        public boolean enabled() {
            return key != null && !key.isBlank();
        }
    }
}
