package dev.berth.registry.ipfs.remote;

import dev.berth.storage.ipfs.kubo.KuboClient;
import java.io.IOException;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects the Kubo node to peers that hold remote trees, before content is fetched from them:
 * bitswap then asks them directly, with no content routing at all. Each peer is added to Kubo's
 * peering set ({@code swarm/peering/add}), which keeps it connected and reconnects it, and dialed
 * once ({@code swarm/connect}). The client's timeout bounds every dial; a peer that cannot be
 * reached is logged and skipped, never waited on longer.
 */
public final class PeerDialer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PeerDialer.class);

    private final KuboClient kubo;
    /** Peers already in the peering set: Kubo keeps them connected from then on. */
    private final Set<String> peered = ConcurrentHashMap.newKeySet();

    /** @param kubo a client whose timeout bounds each dial; closed with this */
    public PeerDialer(KuboClient kubo) {
        this.kubo = kubo;
    }

    /** Dials the peers not dialed yet; returns how many are now in the peering set. */
    public int dial(Collection<String> multiaddrs, String source) {
        int kept = 0;
        for (String multiaddr : multiaddrs) {
            if (!multiaddr.startsWith("/") || !multiaddr.contains("/p2p/")) {
                log.warn("Ignoring peer hint {} from {}: a multiaddr ending in /p2p/<peer id> is needed", multiaddr, source);
                continue;
            }
            if (peered.contains(multiaddr)) {
                kept++;
                continue;
            }
            try {
                kubo.swarm().addPeering(multiaddr);
                peered.add(multiaddr);
                kept++;
                kubo.swarm().connect(multiaddr);
                log.info("Connected to peer {} ({})", multiaddr, source);
            } catch (IOException e) {
                // Peering keeps trying in the background; the fetch goes on with whoever is reachable.
                log.warn("Could not dial peer {} ({}) within {}: {}", multiaddr, source, kubo.timeout(), e.getMessage());
            }
        }
        return kept;
    }

    @Override
    public void close() throws IOException {
        kubo.close();
    }
}
