package dev.berth.registry.ipfs.remote;

import dev.berth.storage.ipfs.kubo.KuboClient;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects the Kubo node to peers that hold remote trees, before content is fetched from them:
 * bitswap then asks them directly, with no content routing at all. Each peer is added to Kubo's
 * peering set ({@code swarm/peering/add}), which keeps it connected and reconnects it, and dialed
 * ({@code swarm/connect}). Kubo keeps its peering set in memory only, so a peer is added again once
 * {@link #REPEERING_AFTER} has passed, and at once after {@link #forgetAll} (Kubo was found down):
 * a Kubo that restarted gets its peers back. The client's timeout bounds every dial; a peer that
 * cannot be reached is logged and skipped, never waited on longer.
 */
public final class PeerDialer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PeerDialer.class);

    private final KuboClient kubo;
    /** How long a peer added to Kubo's peering set is taken to still be in it. */
    static final Duration REPEERING_AFTER = Duration.ofMinutes(1);

    /** Peers added to the peering set, and when: Kubo keeps them connected from then on, while it runs. */
    private final Map<String, Instant> peered = new ConcurrentHashMap<>();

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
            Instant added = peered.get(multiaddr);
            if (added != null && added.plus(REPEERING_AFTER).isAfter(Instant.now())) {
                kept++;
                continue;
            }
            try {
                kubo.swarm().addPeering(multiaddr);
                peered.put(multiaddr, Instant.now());
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

    /** Takes every peer as no longer in Kubo's peering set, such as when Kubo was found down (it forgets them when it restarts). */
    public void forgetAll() {
        peered.clear();
    }

    @Override
    public void close() throws IOException {
        kubo.close();
    }
}
