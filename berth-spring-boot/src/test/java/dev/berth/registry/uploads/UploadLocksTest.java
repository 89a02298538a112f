package dev.berth.registry.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UploadLocksTest {
    private final UploadLocks locks = new UploadLocks();

    @Test
    void aSecondRequestOnABusyUploadIsRefusedAtOnceWhileOtherUploadsGoOn() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread slowClient = Thread.ofVirtual().start(() -> locks.tryLocked("a", IllegalStateException::new, () -> {
            holding.countDown();
            awaitQuietly(release);
            return null;
        }));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

        long started = System.nanoTime();
        assertThatThrownBy(() -> locks.tryLocked("a", () -> new IllegalStateException("busy"), () -> "second"))
                .hasMessage("busy");
        assertThat(locks.tryLocked("b", IllegalStateException::new, () -> "another upload")).isEqualTo("another upload");
        assertThat(System.nanoTime() - started).as("nothing waited for the slow client").isLessThan(TimeUnit.SECONDS.toNanos(2));

        release.countDown();
        slowClient.join();
        assertThat(locks.tryLocked("a", IllegalStateException::new, () -> "after")).isEqualTo("after");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void garbageCollectionWaitsForTheRequestAndIsToldToListeners() throws Exception {
        List<String> changed = new ArrayList<>();
        locks.onChangedElsewhere(changed::add);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread request = Thread.ofVirtual().start(() -> locks.tryLocked("k", IllegalStateException::new, () -> {
            holding.countDown();
            awaitQuietly(release);
            return null;
        }));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        Thread expiry = Thread.ofVirtual().start(() -> locks.locked("k", () -> "expired"));
        Thread.sleep(200);
        assertThat(expiry.isAlive()).as("expiry waits for the request in progress").isTrue();
        release.countDown();
        request.join();
        expiry.join(10_000);
        assertThat(expiry.isAlive()).isFalse();
        assertThat(changed).containsExactly("k");
    }
}
