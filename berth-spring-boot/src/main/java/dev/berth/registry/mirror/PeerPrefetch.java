package dev.berth.registry.mirror;

import dev.berth.storage.ipfs.kubo.KuboClient;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches a group tree's blob into this node's Kubo with many blocks in flight while the client's
 * stream reads it in order: Kubo's reader asks bitswap for a few blocks ahead only, which leaves most
 * of a link between nodes idle, while pinning fetches the whole graph with many requests at once.
 * The pin is temporary: once the verified blob is linked into this registry's tree (which keeps its
 * blocks), it is removed. A prefetch that fails or runs out of time changes nothing but the speed.
 */
public final class PeerPrefetch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PeerPrefetch.class);

    private final Optional<KuboClient> kubo;

    /** @param kubo a client of this registry's node whose timeout bounds one prefetch; none: no prefetching */
    public PeerPrefetch(Optional<KuboClient> kubo) {
        this.kubo = kubo;
    }

    MirrorGroup.Prefetching start(String cid) {
        if (kubo.isEmpty()) {
            return () -> { };
        }
        KuboClient client = kubo.get();
        boolean[] pinnedHere = new boolean[1];
        Thread fetching = Thread.ofVirtual().name("berth-mirror-prefetch").start(() -> {
            try {
                if (!client.pins().isPinned(cid)) { // someone's own pin is theirs: neither added nor removed
                    pinnedHere[0] = true;
                    client.pins().add(cid);
                }
            } catch (IOException e) {
                log.debug("Prefetching {} stopped: {}", cid, e.getMessage());
            }
        });
        return () -> Thread.ofVirtual().name("berth-mirror-prefetch-done").start(() -> {
            try {
                fetching.join();
                if (pinnedHere[0]) {
                    client.pins().remove(cid);
                }
            } catch (IOException e) {
                log.debug("Unpinning {}: {}", cid, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    public void close() throws IOException {
        if (kubo.isPresent()) {
            kubo.get().close();
        }
    }
}
