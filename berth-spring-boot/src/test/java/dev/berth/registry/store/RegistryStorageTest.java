package dev.berth.registry.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.storage.inmemory.InMemoryDriver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class RegistryStorageTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RegistryStorage storage = new RegistryStorage(new InMemoryDriver(), meters);

    @Test
    void aSmallFileLongerThanItsBoundIsTakenAsAbsentAndNotReadPastIt() {
        storage.write("/link", "sha256:abc".getBytes());
        storage.write("/huge", new byte[RegistryStorage.SMALL_FILE_MAX + 100]);

        assertThat(storage.read("/link", 10)).hasValueSatisfying(content -> assertThat(content).hasSize(10));
        assertThat(storage.read("/missing")).isEmpty();
        double before = bytesRead();
        assertThat(storage.read("/link", 9)).isEmpty();
        assertThat(bytesRead() - before).as("one byte past the bound tells it").isEqualTo(10);
        before = bytesRead();
        assertThat(storage.read("/huge")).isEmpty();
        assertThat(bytesRead() - before).isEqualTo(RegistryStorage.SMALL_FILE_MAX + 1);
        storage.write("/repositories/app/_manifests/tags/big/current/link", new byte[10 * 1024]);
        before = bytesRead();
        assertThat(storage.read("/repositories/app/_manifests/tags/big/current/link")).as("a link longer than any digest").isEmpty();
        assertThat(bytesRead() - before).isEqualTo(RegistryStorage.LINK_MAX + 1);
        storage.write("/huge", new byte[RegistryStorage.SMALL_FILE_MAX]);
        assertThat(storage.read("/huge")).hasValueSatisfying(content -> assertThat(content).hasSize(RegistryStorage.SMALL_FILE_MAX));
    }

    private double bytesRead() {
        return meters.find("berth.storage.bytes.read").counters().stream().mapToDouble(counter -> counter.count()).sum();
    }
}
