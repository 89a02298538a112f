package dev.berth.registry.ui;

import dev.berth.storage.ipfs.kubo.KuboClient;
import dev.berth.storage.ipfs.kubo.RepoCommands;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubo's health, peers and storage, asked over its RPC API on the server: the RPC API's address and
 * anything else of it never reach a page. A node that does not answer within the client's timeout is
 * reported down, and nothing more is asked of it.
 */
final class KuboNodeStatus implements NodeStatus, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KuboNodeStatus.class);
    private final KuboClient kubo;

    KuboNodeStatus(KuboClient kubo) {
        this.kubo = kubo;
    }

    @Override
    public Report report() {
        String version;
        try {
            version = kubo.node().version().version();
        } catch (IOException | RuntimeException e) {
            // The message may name the RPC API's address, which stays in the log.
            log.warn("The node page found Kubo not answering: {}", e.toString());
            return new Report(Optional.empty(), Optional.of("Kubo does not answer (see the registry's log)"), Optional.empty(),
                    Optional.empty(), Optional.empty());
        }
        Optional<Integer> peers;
        try {
            peers = Optional.of(kubo.swarm().peers().size());
        } catch (IOException | RuntimeException e) {
            peers = Optional.empty(); // an offline node (network "local") has no swarm to ask
        }
        Optional<RepoCommands.Usage> usage;
        try {
            usage = Optional.of(kubo.repo().stat());
        } catch (IOException | RuntimeException e) {
            usage = Optional.empty();
        }
        return new Report(Optional.of(version), Optional.empty(), peers, usage.map(RepoCommands.Usage::repoSize),
                usage.map(RepoCommands.Usage::storageMax));
    }

    @Override
    public void close() throws IOException {
        kubo.close();
    }
}
