package dev.berth.registry.uploads;

import dev.berth.registry.repository.UploadId;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OpenUploadsTest {
    private final AtomicLong now = new AtomicLong();
    private final OpenUploads open = new OpenUploads(now::get);

    @Test
    void sessionsCountFromStartUntilTheyEnd() {
        UploadId first = UploadId.random();
        UploadId second = UploadId.random();
        open.started(first);
        open.started(second);
        assertThat(open.count()).isEqualTo(2);
        open.ended(first);
        open.ended(first);
        assertThat(open.count()).isEqualTo(1);
    }

    @Test
    void aSessionThisProcessDidNotStartIsNeverCounted() {
        UploadId elsewhere = UploadId.random();
        open.active(elsewhere);
        open.ended(elsewhere);
        assertThat(open.count()).isZero();
    }

    @Test
    void aSessionIdleForTooLongIsAbandonedButActivityKeepsItOpen() {
        UploadId idle = UploadId.random();
        UploadId busy = UploadId.random();
        open.started(idle);
        open.started(busy);
        now.addAndGet(OpenUploads.ABANDONED_AFTER.toNanos() - 1);
        open.active(busy);
        now.addAndGet(2);
        assertThat(open.count()).isEqualTo(1);
        open.ended(busy);
        assertThat(open.count()).isZero();
    }
}
