package dev.berth.registry.encryption.ipfs;

import dev.berth.registry.encryption.store.PrivateTreeChanged;
import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.ipfs.publish.IpnsPublisher;
import dev.berth.storage.ipfs.PublishedTree;
import java.io.IOException;
import java.util.Optional;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * The root of the private tree on IPFS: its own MFS folder beside the public one, so its own CID,
 * which the public root never links; and, when IPNS publishing is on, its own IPNS name (the key
 * {@code <berth.publish.ipns.key>-private}), republished after private changes. Another node that
 * holds the keyset pulls from it as {@code ipfs/<cid>/<repository>} or {@code ipns/<name>/<repository>}.
 */
public final class PrivateRoot implements AutoCloseable {
    private final Optional<PublishedTree> tree;
    private final String driverName;
    private final Optional<IpnsPublisher> ipns;

    public PrivateRoot(Optional<PublishedTree> tree, String driverName, Optional<IpnsPublisher> ipns) {
        this.tree = tree;
        this.driverName = driverName;
        this.ipns = ipns;
    }

    /** The private tree's CID, flushed; UNSUPPORTED when private repositories are not stored on IPFS. */
    public String cid() throws IOException {
        return tree.orElseThrow(() -> RegistryException.of(ErrorCode.UNSUPPORTED,
                "the private repositories' storage is " + driverName + ", not IPFS")).cid("/");
    }

    public Optional<IpnsPublisher> ipns() {
        return ipns;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void onStart() {
        ipns.ifPresent(IpnsPublisher::onStart);
    }

    @EventListener
    public void onChange(PrivateTreeChanged change) {
        ipns.ifPresent(IpnsPublisher::changed);
    }

    @Override
    public void close() {
        ipns.ifPresent(IpnsPublisher::close);
    }
}
