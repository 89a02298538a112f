package dev.berth.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * 1-byte {@code Range} GETs at random offsets (the same offsets on every side) of the large image's
 * layer; each answer must be 206 with the right byte. Median and p99 latency after a warm-up, over
 * the workload's number of requests or as many as fit in a minute (at least ten), so that a registry
 * that reads the whole blob for each range still finishes in bounded time.
 */
final class RangeReads implements Scenario {
    private static final int WARM_UP = 3;
    private static final int MINIMUM = 10;
    private static final Duration BUDGET = Duration.ofMinutes(1);

    private final Workload workload;
    private final BenchImages images;

    RangeReads(Workload workload, BenchImages images) {
        this.workload = workload;
        this.images = images;
    }

    @Override
    public String id() {
        return "range";
    }

    @Override
    public void run(SideSession session) throws Exception {
        BenchImage image = images.big();
        session.ensurePushed(image);
        BenchImage.Blob blob = image.layers().getFirst();
        URI uri = session.registry().url().resolve("/v2/" + session.repository(image) + "/blobs/" + blob.digest());
        SplittableRandom random = new SplittableRandom(42);
        double[] millis = new double[workload.rangeReads()];
        int measured = 0;
        session.registry().pauseSampling();
        try (FileChannel local = FileChannel.open(blob.file())) {
            long deadline = 0;
            for (int i = 0; i < WARM_UP + millis.length; i++) {
                if (i == WARM_UP) {
                    deadline = System.nanoTime() + BUDGET.toNanos();
                } else if (i > WARM_UP + MINIMUM && System.nanoTime() > deadline) {
                    break;
                }
                long offset = random.nextLong(blob.size());
                HttpRequest get = HttpRequest.newBuilder(uri).header("Range", "bytes=" + offset + "-" + offset)
                        .timeout(Duration.ofSeconds(30)).GET().build();
                long start = System.nanoTime();
                Http.Reply reply = Http.send(session.context().http(), get, 1);
                long nanos = System.nanoTime() - start;
                check(uri, offset, reply, expected(local, offset));
                if (i >= WARM_UP) {
                    millis[measured++] = nanos / 1e6;
                }
            }
        } finally {
            session.registry().resumeSampling();
        }
        double[] samples = Arrays.copyOf(millis, measured);
        String label = "1-byte Range GET of a " + workload.bigLayerMib() + " MiB blob";
        session.record(Metric.millis(label + ", median"), Stats.percentile(samples, 50));
        session.record(Metric.millis(label + ", p99"), Stats.percentile(samples, 99));
        session.record(Metric.requests(label + ", requests made"), measured);
    }

    private static byte expected(FileChannel local, long offset) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        if (local.read(one, offset) != 1) {
            throw new IOException("cannot read byte " + offset + " of the local blob");
        }
        return one.get(0);
    }

    private static void check(URI uri, long offset, Http.Reply reply, byte expected) {
        if (reply.status() != 206 || reply.body().length != 1 || reply.body()[0] != expected) {
            throw new IllegalStateException("GET " + uri + " bytes=" + offset + "-" + offset + " answered " + reply.status()
                    + " with " + reply.body().length + " bytes" + (reply.body().length == 1 && reply.body()[0] != expected
                    ? " (the wrong byte)" : ""));
        }
    }
}
