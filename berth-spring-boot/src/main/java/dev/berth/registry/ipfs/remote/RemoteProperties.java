package dev.berth.registry.ipfs.remote;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code berth.remote.*}: pulls from trees published on IPFS ({@code ipfs/<cid>/...},
 * {@code ipns/<name>/...}).
 *
 * @param timeout how long a read of remote content waits for a peer to provide it before the pull
 *     fails with an error (bounds each call to Kubo, and each wait for the next bytes of a blob)
 * @param resolutionTtl how long an IPNS name's or DNSLink domain's resolution is reused
 * @param dialTimeout how long dialing one peer hint may take
 * @param peerHintDomains the domains (and their subdomains) whose {@code ipfsnode=} TXT records are
 *     dialed; none by default, so DNS alone cannot make the node connect anywhere
 * @param pullThrough link each blob and manifest served from a remote tree, once verified, into
 *     this registry's blob store ({@code files/cp}, no data copied), so that this node keeps and
 *     provides it
 */
@ConfigurationProperties("berth.remote")
public record RemoteProperties(@DefaultValue("10s") Duration timeout, @DefaultValue("60s") Duration resolutionTtl,
                               @DefaultValue("5s") Duration dialTimeout, @DefaultValue List<String> peerHintDomains,
                               boolean pullThrough) {

    /** Whether {@code ipfsnode=} hints found beside the domain's DNSLink may be dialed. */
    public boolean acceptsHintsFrom(String domain) {
        return peerHintDomains.stream().map(allowed -> allowed.toLowerCase(java.util.Locale.ROOT))
                .anyMatch(allowed -> domain.equals(allowed) || domain.endsWith("." + allowed));
    }
}
