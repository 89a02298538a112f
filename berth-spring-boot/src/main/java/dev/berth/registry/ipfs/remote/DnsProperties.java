package dev.berth.registry.ipfs.remote;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code berth.dns.*}: how DNSLink records are looked up.
 *
 * @param resolver a DNS server as {@code host:port}; the system's resolvers when unset
 * @param timeout how long one lookup may take
 */
@ConfigurationProperties("berth.dns")
public record DnsProperties(String resolver, @DefaultValue("5s") Duration timeout) {
}
