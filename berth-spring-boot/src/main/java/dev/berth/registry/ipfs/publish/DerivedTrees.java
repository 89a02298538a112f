package dev.berth.registry.ipfs.publish;

import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.repository.ManifestChange;
import dev.berth.storage.ipfs.PublishedTree;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;

/**
 * Brings the trees derived from the registry (the gateway view, stale image trees removed, the IPNS
 * record) up to date off the request path: a push only queues its {@link ManifestChange}, and one
 * worker thread applies what gathered during {@code delay}, repository by repository, then asks for
 * an IPNS publish, so that the record never names a root whose view lags the batch it has applied.
 *
 * <p>A change is applied within {@code delay} plus the time the batches before it take (milliseconds
 * to a few seconds: each link is one Kubo call). A batch that fails (Kubo down) is logged and tried
 * once more after {@link #RETRY_AFTER}; after that the view catches up at the repository's next
 * change. Nothing here ever fails a push.
 */
public final class DerivedTrees implements AutoCloseable {
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(DerivedTrees.class);

    private record Queued(ManifestChange change, boolean retried) {}

    private final Optional<PublishedTree> tree;
    private final GatewayView view;
    private final ImageTrees images;
    private final ObjectProvider<IpnsPublisher> ipns;
    private final Duration delay;
    private final LinkedBlockingQueue<Queued> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final ReentrantLock progress = new ReentrantLock();
    private final Condition advanced = progress.newCondition();
    private final Thread worker;

    public DerivedTrees(Optional<PublishedTree> tree, GatewayView view, ImageTrees images, ObjectProvider<IpnsPublisher> ipns,
                        Duration delay) {
        this.tree = tree;
        this.view = view;
        this.images = images;
        this.ipns = ipns;
        this.delay = delay;
        this.worker = Thread.ofPlatform().name("berth-derived-trees").daemon().unstarted(this::work);
        if (tree.isPresent()) {
            worker.start();
        }
    }

    @EventListener
    public void onChange(ManifestChange change) {
        if (tree.isPresent()) {
            queued.incrementAndGet();
            queue.add(new Queued(change, false));
        }
    }

    /**
     * Waits until every change queued before the call is applied (or failed), at most {@code timeout};
     * whether it was. For answers that name the whole tree, such as its root CID.
     */
    public boolean awaitApplied(Duration timeout) {
        long target = queued.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        progress.lock();
        try {
            while (done.get() < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                advanced.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            progress.unlock();
        }
    }

    private void work() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Queued first = queue.take();
                Thread.sleep(delay.toMillis()); // gather what follows: one batch, one tags/list per repository
                List<Queued> batch = new ArrayList<>(List.of(first));
                queue.drainTo(batch);
                apply(batch);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void apply(List<Queued> batch) throws InterruptedException {
        Map<RepositoryName, List<Queued>> byRepository = new LinkedHashMap<>();
        for (Queued queued : batch) {
            byRepository.computeIfAbsent(queued.change().repository(), name -> new ArrayList<>()).add(queued);
        }
        boolean anyApplied = false;
        for (Map.Entry<RepositoryName, List<Queued>> repository : byRepository.entrySet()) {
            List<ManifestChange> changes = repository.getValue().stream().map(Queued::change).toList();
            try {
                view.apply(tree.orElseThrow(), repository.getKey(), changes);
                images.removeStale(repository.getKey(), changes);
                anyApplied = true;
            } catch (Exception e) {
                List<Queued> again = repository.getValue().stream().filter(queued -> !queued.retried()).toList();
                log.warn("The published trees of {} missed {} change(s) ({}): {}", repository.getKey(), changes.size(),
                        again.isEmpty() ? "they catch up at the repository's next change" : "retrying in " + RETRY_AFTER, e.toString());
                if (!again.isEmpty()) {
                    retryLater(again);
                }
            }
        }
        if (anyApplied) {
            ipns.ifAvailable(IpnsPublisher::changed);
        }
        progress.lock();
        try {
            done.addAndGet(batch.size());
            advanced.signalAll();
        } finally {
            progress.unlock();
        }
    }

    private void retryLater(List<Queued> again) {
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(RETRY_AFTER.toMillis());
                queued.addAndGet(again.size());
                again.forEach(failed -> queue.add(new Queued(failed.change(), true)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Stops the worker; changes still queued are left to the repository's next change after a restart. */
    @Override
    public void close() throws InterruptedException {
        worker.interrupt();
        worker.join(TimeUnit.SECONDS.toMillis(5));
    }
}
