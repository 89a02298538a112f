package dev.berth.registry.ipfs;

import dev.berth.storage.StorageDriver;
import dev.berth.storage.ipfs.KuboStatus;
import java.util.Optional;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health {@code kubo}: UP with Kubo's version when the node answers within the driver's timeout,
 * DOWN otherwise. Part of the readiness group, so that a registry whose Kubo is gone stops getting
 * traffic instead of answering every request with 503.
 */
class KuboHealthIndicator extends AbstractHealthIndicator {
    private final StorageDriver driver;

    KuboHealthIndicator(StorageDriver driver) {
        super("Kubo does not answer");
        this.driver = driver;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        Optional<KuboStatus> kubo = driver.unwrap(KuboStatus.class);
        if (kubo.isPresent()) {
            builder.up().withDetail("version", kubo.get().version());
        } else {
            builder.unknown().withDetail("storage", driver.name()); // an application's own driver replaced it
        }
    }
}
