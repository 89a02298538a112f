package dev.berth.registry.mirror.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.blobs.BlobStore;
import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.metrics.RegistryMetrics;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.DigestAlgorithm;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.referrers.ReferrerIndex;
import dev.berth.registry.store.DigestCheck;
import dev.berth.registry.store.RegistryStorage;
import dev.berth.registry.store.SweepGuard;
import dev.berth.storage.inmemory.InMemoryDriver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * A fetch shared by its clients, over a source that stands in for an upstream: it can pause, and it
 * checks the digest at its end as the upstream client does, which a real registry cannot be made to
 * get wrong on demand. The storage is the in-memory driver.
 */
class BlobFlightTest {
    private static final RepositoryName REPOSITORY = new RepositoryName("docker.io/library/app");
    private static final int SIZE = 3 * 1024 * 1024 + 5;

    @TempDir
    Path spoolDir;
    private final ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
    private RegistryStorage storage;
    private BlobStore blobs;
    private BlobFlights flights;
    private byte[] content;
    private Digest digest;

    @BeforeEach
    void setUp() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        storage = new RegistryStorage(new InMemoryDriver(), meters);
        SweepGuard guard = new SweepGuard();
        blobs = new BlobStore(storage, guard, new DigestCheck(new RegistryMetrics(meters)));
        CacheWriter writer = new CacheWriter(storage, blobs, guard, new ReferrerIndex(storage, JsonMapper.shared()), JsonMapper.shared(),
                event -> { });
        flights = new BlobFlights(writer, spoolDir);
        content = new byte[SIZE];
        new Random(7).nextBytes(content);
        digest = Digest.of(DigestAlgorithm.SHA256, content);
    }

    @AfterEach
    void stopClients() {
        clients.shutdownNow();
    }

    @Test
    void concurrentClientsShareOneReadOfTheSourceAndTheBlobIsCachedOnceVerified() throws Exception {
        AtomicInteger opened = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        BlobSource source = () -> {
            opened.incrementAndGet();
            return new FetchedBlob(SIZE, new Checked(new Paused(content, release), digest), () -> { });
        };
        List<BlobFlight> joined = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            joined.add(flights.join(REPOSITORY, digest, source));
        }
        List<Future<byte[]>> pulls = joined.stream().map(flight -> clients.submit(() -> pull(flight))).toList();
        release.countDown();
        for (Future<byte[]> pull : pulls) {
            assertThat(pull.get(30, TimeUnit.SECONDS)).isEqualTo(content);
        }
        assertThat(joined).allSatisfy(flight -> assertThat(flight).isSameAs(joined.getFirst()));
        joined.getFirst().awaitStored();
        assertThat(opened).hasValue(1);
        assertThat(blobs.statIn(REPOSITORY, digest)).hasValueSatisfying(info -> assertThat(info.size()).isEqualTo(SIZE));
        assertThat(storage.read(RegistryLayout.blobData(digest))).hasValue(content);
        awaitNoSpool();
    }

    @Test
    void aBlobThatDoesNotHashToItsDigestNeverEndsCleanlyAndIsNotKept() throws Exception {
        byte[] corrupt = content.clone();
        corrupt[SIZE / 2] ^= 1;
        CountDownLatch clientStreaming = new CountDownLatch(1);
        BlobFlight flight = flights.join(REPOSITORY, digest, () -> new FetchedBlob(SIZE,
                new Checked(new HeldBack(corrupt, 1024 * 1024, clientStreaming), digest), () -> { }));
        assertThat(flight.awaitSize()).isEqualTo(SIZE);
        ByteArrayOutputStream received = new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] bytes, int offset, int length) {
                clientStreaming.countDown();
                super.write(bytes, offset, length);
            }
        };
        assertThatThrownBy(() -> flight.streamTo(received)).isInstanceOf(IOException.class).hasMessageContaining("cut short");
        assertThat(received.size()).isLessThan(SIZE);
        assertThatThrownBy(flight::awaitStored).hasMessageContaining("do not hash");
        assertThat(blobs.isStored(digest)).isFalse();
        assertThat(storage.list(RegistryLayout.UPLOADS + "/" + REPOSITORY)).isEmpty();
        awaitNoSpool();
    }

    @Test
    void aClientThatGoesAwayLeavesTheFetchToFinishForTheCache() throws Exception {
        // the source holds back all but its first MiB until the client has bytes, so the client cannot come after the fetch is over
        CountDownLatch clientStreaming = new CountDownLatch(1);
        BlobFlight flight = flights.join(REPOSITORY, digest, () -> new FetchedBlob(SIZE,
                new Checked(new HeldBack(content, 1024 * 1024, clientStreaming), digest), () -> { }));
        flight.awaitSize();
        OutputStream leaving = new OutputStream() {
            private int left = 1024 * 1024;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                clientStreaming.countDown();
                left -= length;
                if (left < 0) {
                    throw new IOException("the client went away");
                }
            }
        };
        assertThatThrownBy(() -> flight.streamTo(leaving)).hasMessageContaining("went away");
        flight.awaitStored();
        assertThat(storage.read(RegistryLayout.blobData(digest))).hasValue(content);
    }

    @Test
    void aFailingSourceIsToldToEveryClientAndTheNextRequestStartsAgain() throws Exception {
        AtomicInteger opened = new AtomicInteger();
        BlobSource refusing = () -> {
            opened.incrementAndGet();
            throw new IOException("upstream unreachable");
        };
        assertThatThrownBy(() -> flights.join(REPOSITORY, digest, refusing).awaitSize()).hasMessage("upstream unreachable");
        awaitNoFlights();
        assertThatThrownBy(() -> flights.join(REPOSITORY, digest, refusing).awaitSize()).hasMessage("upstream unreachable");
        assertThat(opened).hasValue(2);
    }

    private byte[] pull(BlobFlight flight) throws IOException {
        assertThat(flight.awaitSize()).isEqualTo(SIZE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!flight.streamTo(out)) {
            flight.awaitStored();
            return storage.read(RegistryLayout.blobData(digest)).orElseThrow();
        }
        return out.toByteArray();
    }

    private void awaitNoFlights() throws InterruptedException {
        for (int i = 0; i < 100 && flights.inProgress() > 0; i++) {
            Thread.sleep(20);
        }
        assertThat(flights.inProgress()).isZero();
    }

    private void awaitNoSpool() throws Exception {
        for (int i = 0; i < 100 && spoolFiles() > 0; i++) {
            Thread.sleep(20);
        }
        assertThat(spoolFiles()).isZero();
    }

    private long spoolFiles() throws IOException {
        try (Stream<Path> files = Files.list(spoolDir)) {
            return files.count();
        }
    }

    /** Holds its bytes until released, so that every client joins the fetch before it ends. */
    private static final class Paused extends java.io.ByteArrayInputStream {
        private final CountDownLatch release;

        Paused(byte[] content, CountDownLatch release) {
            super(content);
            this.release = release;
        }

        @Override
        public synchronized int read(byte[] buffer, int offset, int length) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return super.read(buffer, offset, Math.min(length, 64 * 1024));
        }
    }

    /** The content, all but its first {@code free} bytes only once {@code release} is counted down. */
    private static final class HeldBack extends java.io.ByteArrayInputStream {
        private final int free;
        private final CountDownLatch release;

        HeldBack(byte[] content, int free, CountDownLatch release) {
            super(content);
            this.free = free;
            this.release = release;
        }

        @Override
        public synchronized int read(byte[] bytes, int offset, int length) {
            if (pos >= free) {
                try {
                    if (!release.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("no client streamed within 30 s");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return super.read(bytes, offset, pos < free ? Math.min(length, free - pos) : length);
        }
    }

    /** Fails at its end, instead of ending, when the bytes do not hash to the digest, as the upstream client's streams do. */
    private static final class Checked extends java.io.FilterInputStream {
        private final Digest expected;
        private final MessageDigest hash;

        Checked(InputStream in, Digest expected) {
            super(in);
            this.expected = expected;
            this.hash = expected.algorithm().newMessageDigest();
        }

        private boolean ended;

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (ended) {
                return -1;
            }
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                hash.update(buffer, offset, n);
            } else if (n < 0) {
                ended = true;
                if (!Digest.of(expected.algorithm(), hash).equals(expected)) {
                    throw new IOException("the bytes do not hash to " + expected);
                }
            }
            return n;
        }
    }
}
