package dev.berth.registry.ipfs.publish;

import dev.berth.storage.ipfs.PublishedTree;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * Publishes the root CID under an IPNS key after changes, once {@link DerivedTrees} has applied them
 * to the published tree (so a record never names a root whose view lags): the first change starts a
 * {@code debounce} wait, changes during it join the same publish, and a change during a publish
 * schedules the next. A publish that fails (Kubo down, too slow) is logged and retried at the next
 * change; pushes never wait for it. At start it publishes the current root and logs, once, the
 * DNSLink TXT record that makes a domain name this registry.
 */
public final class IpnsPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IpnsPublisher.class);

    /** The last root CID published and when. */
    public record Published(String cid, Instant at) {
        public Published {
            Objects.requireNonNull(cid, "cid");
            Objects.requireNonNull(at, "at");
        }
    }

    private final Optional<PublishedTree> tree;
    private final PublishProperties.Ipns settings;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("berth-ipns").daemon().factory());
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile String name;
    private volatile Published last;

    public IpnsPublisher(Optional<PublishedTree> tree, PublishProperties.Ipns settings) {
        this.tree = tree;
        this.settings = settings;
    }

    /** The IPNS name (the key's peer ID form), once known. */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /** The TXT value that points a domain at this registry: {@code dnslink=/ipns/<name>}. */
    public Optional<String> dnslink() {
        return name().map(IpnsPublisher::dnslinkOf);
    }

    public Optional<Published> lastPublished() {
        return Optional.ofNullable(last);
    }

    @EventListener(ApplicationReadyEvent.class)
    public void onStart() {
        if (tree.isEmpty()) {
            log.warn("IPNS: berth.publish.ipns.key is set but the registry's storage is not IPFS; nothing is published");
        }
        schedule();
    }

    /**
     * The tree changed (the registry's derived trees included, or a tree other than the registry's own,
     * such as the private one): publish after the debounce.
     */
    public void changed() {
        schedule();
    }

    private void schedule() {
        if (tree.isPresent() && scheduled.compareAndSet(false, true)) {
            timer.schedule(this::publish, settings.debounce().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void publish() {
        scheduled.set(false); // changes from now on schedule another publish
        PublishedTree tree = this.tree.orElseThrow();
        try {
            String cid = tree.cid("/");
            if (name == null) {
                name = tree.ipnsName(settings.key());
                log.info("IPNS: publishing the registry under key '{}' as /ipns/{}. To serve it under your domain, set: "
                        + "_dnslink.<your domain>  TXT  \"{}\"", settings.key(), name, dnslinkOf(name));
            }
            Published previous = last;
            if (previous != null && previous.cid().equals(cid)) {
                return;
            }
            tree.publish(cid, settings.key(), settings.lifetime());
            last = new Published(cid, Instant.now());
            log.info("IPNS: /ipns/{} -> /ipfs/{}", name, cid);
        } catch (Exception e) {
            log.warn("IPNS: publishing under key '{}' failed; retrying at the next change: {}", settings.key(), e.toString());
        }
    }

    private static String dnslinkOf(String name) {
        return "dnslink=/ipns/" + name;
    }

    /** Stops the timer; a publish in progress is abandoned (the next start publishes again). */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
