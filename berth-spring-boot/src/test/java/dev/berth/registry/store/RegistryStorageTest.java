package dev.berth.registry.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.encryption.store.ForwardingDriver;
import dev.berth.storage.FileInfo;
import dev.berth.storage.inmemory.InMemoryDriver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

    /**
     * A stat that began before a delete and ended after it must not bring the deleted file back: a
     * blob HEAD answered 200 after the blob's DELETE while the derived trees read the same link. A
     * driver held in the middle of the stat makes the interleaving that a real one makes by chance.
     */
    @Test
    void aReadThatBeganBeforeADeleteDoesNotBringTheFileBack() throws Exception {
        String folder = "/repositories/app/_layers/sha256/" + "a".repeat(64);
        String link = folder + "/link";
        InMemoryDriver memory = new InMemoryDriver();
        memory.putContent(link, ("sha256:" + "a".repeat(64)).getBytes(StandardCharsets.UTF_8));
        CountDownLatch statRead = new CountDownLatch(1);
        CountDownLatch deleted = new CountDownLatch(1);
        RegistryStorage racing = new RegistryStorage(new ForwardingDriver(memory) {
            @Override
            public FileInfo stat(String path) throws IOException {
                FileInfo info = super.stat(path);
                if (path.equals(link) && statRead.getCount() > 0) {
                    statRead.countDown();
                    try {
                        deleted.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return info;
            }
        }, meters);

        CompletableFuture<Boolean> seenBeforeTheDelete = CompletableFuture.supplyAsync(() -> racing.exists(link));
        assertThat(statRead.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(racing.delete(folder)).isTrue();
        deleted.countDown();

        assertThat(seenBeforeTheDelete.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(racing.exists(link)).as("deleted, whatever a read begun before said").isFalse();
        assertThat(racing.stat(link)).isEmpty();
    }
}
