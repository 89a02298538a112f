package dev.berth.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

/** Sequential manifest HEADs by tag after a warm-up, as a client checking for updates makes them: p50 and p99. */
final class ManifestHeads implements Scenario {
    private static final int WARM_UP = 200;

    private final Workload workload;
    private final BenchImages images;

    ManifestHeads(Workload workload, BenchImages images) {
        this.workload = workload;
        this.images = images;
    }

    @Override
    public String id() {
        return "head";
    }

    @Override
    public void run(SideSession session) throws Exception {
        BenchImage image = images.small();
        session.ensurePushed(image);
        URI manifest = session.registry().url().resolve("/v2/" + session.repository(image) + "/manifests/latest");
        HttpRequest head = HttpRequest.newBuilder(manifest).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", "application/vnd.oci.image.manifest.v1+json").timeout(Duration.ofSeconds(30)).build();
        double[] millis = new double[workload.heads()];
        session.registry().pauseSampling();
        try {
            for (int i = 0; i < WARM_UP + millis.length; i++) {
                long start = System.nanoTime();
                Http.Reply reply = Http.send(session.context().http(), head, 0);
                long nanos = System.nanoTime() - start;
                if (reply.status() != 200 || !reply.header("Docker-Content-Digest").equals(image.manifestDigest())) {
                    throw new IllegalStateException("HEAD " + manifest + " answered " + reply.status() + " with digest "
                            + reply.header("Docker-Content-Digest") + ", expected " + image.manifestDigest());
                }
                if (i >= WARM_UP) {
                    millis[i - WARM_UP] = nanos / 1e6;
                }
            }
        } finally {
            session.registry().resumeSampling();
        }
        session.record(percentile(workload, 50), Stats.percentile(millis, 50));
        session.record(percentile(workload, 99), Stats.percentile(millis, 99));
    }

    static Metric percentile(Workload workload, int p) {
        return Metric.millis("manifest HEAD p" + p + " (" + workload.heads() + " sequential)");
    }
}
