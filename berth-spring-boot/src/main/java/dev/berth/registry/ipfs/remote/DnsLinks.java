package dev.berth.registry.ipfs.remote;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Reads DNSLink records ourselves, with dnsjava, instead of asking Kubo: Kubo only takes DoH
 * resolvers, and a registry (or its tests) may need a plain DNS server. The TXT records at
 * {@code _dnslink.<domain>} hold the tree ({@code dnslink=/ipfs/<cid>} or {@code dnslink=/ipns/<name>})
 * and, as Berth's peer hints, {@code ipfsnode=<multiaddr ending in /p2p/<peer id>>}: nodes that
 * serve the tree, dialed before fetching.
 */
public final class DnsLinks {
    private static final String DNSLINK = "dnslink=";
    private static final String IPFSNODE = "ipfsnode=";

    private final Resolver resolver;

    /** @param server a DNS server as {@code host:port}, or empty for the system's resolvers */
    public DnsLinks(Optional<String> server, Duration timeout) {
        Resolver chosen = server.map(DnsLinks::simple).orElseGet(DnsLinks::system);
        chosen.setTimeout(timeout);
        this.resolver = chosen;
    }

    /** What {@code _dnslink.<domain>} says: the tree's path, when there is one, and peer hints. */
    public record Records(Optional<String> path, List<String> peerHints) {
        public Records {
            peerHints = List.copyOf(peerHints);
        }

        /** Picks the values out of a TXT record set; the first {@code dnslink=} wins, as in the DNSLink spec's order. */
        static Records of(List<String> texts) {
            Optional<String> path = texts.stream().filter(text -> text.startsWith(DNSLINK)).sorted().findFirst()
                    .map(text -> text.substring(DNSLINK.length()).strip())
                    .filter(value -> value.startsWith("/ipfs/") || value.startsWith("/ipns/"));
            List<String> hints = texts.stream().filter(text -> text.startsWith(IPFSNODE))
                    .map(text -> text.substring(IPFSNODE.length()).strip())
                    .filter(value -> value.startsWith("/") && value.contains("/p2p/"))
                    .toList();
            return new Records(path, hints);
        }
    }

    public Records lookup(String domain) throws IOException {
        Lookup lookup;
        try {
            lookup = new Lookup(Name.fromString("_dnslink." + domain + "."), Type.TXT);
        } catch (TextParseException e) {
            throw new IOException("not a domain: " + domain, e);
        }
        lookup.setResolver(resolver);
        lookup.setCache(null); // resolutions are cached, with Berth's own TTL, by RemoteTrees
        Record[] answers = lookup.run();
        if (lookup.getResult() == Lookup.TRY_AGAIN) {
            throw new IOException("DNS lookup of _dnslink." + domain + " failed: " + lookup.getErrorString());
        }
        List<String> texts = new ArrayList<>();
        for (Record answer : answers == null ? new Record[0] : answers) {
            if (answer instanceof TXTRecord txt) {
                // A value longer than 255 bytes comes as several strings of one record.
                texts.add(String.join("", txt.getStrings()));
            }
        }
        return Records.of(texts);
    }

    private static Resolver simple(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("berth.dns.resolver must be host:port, not " + hostAndPort);
        }
        return new SimpleResolver(new InetSocketAddress(hostAndPort.substring(0, colon),
                Integer.parseInt(hostAndPort.substring(colon + 1))));
    }

    private static Resolver system() {
        return new ExtendedResolver();
    }
}
