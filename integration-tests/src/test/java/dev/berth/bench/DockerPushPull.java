package dev.berth.bench;

import dev.berth.it.support.DockerDaemon;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * {@code docker push} and {@code docker pull} through the run's dockerd. The image is loaded from its
 * Docker archive before the push is timed, and every image is removed from dockerd before the pull
 * is timed, so that the pull fetches and unpacks every layer. dockerd compresses each layer with gzip
 * as it pushes (it keeps layers unpacked), so the push time includes that.
 */
final class DockerPushPull implements Scenario {
    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private final String id;
    private final String shape;
    private final Supplier<BenchImage> image;

    DockerPushPull(String id, String shape, Supplier<BenchImage> image) {
        this.id = id;
        this.shape = shape;
        this.image = image;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void run(SideSession session) {
        BenchImage image = this.image.get();
        DockerDaemon docker = session.context().docker();
        String reference = session.registry().host() + "/docker/" + image.name() + ":latest";
        docker.removeEverything();
        docker.docker(TIMEOUT, "load", "-i", image.dockerArchive().toString());
        docker.docker(TIMEOUT, "tag", image.dockerTag(), reference);
        String id = imageId(docker, reference);

        long start = System.nanoTime();
        docker.docker(TIMEOUT, "push", reference);
        session.record(Metric.seconds("docker push, " + shape), (System.nanoTime() - start) / 1e9);

        docker.removeEverything();
        start = System.nanoTime();
        docker.docker(TIMEOUT, "pull", reference);
        session.record(Metric.seconds("docker pull, " + shape), (System.nanoTime() - start) / 1e9);
        if (!imageId(docker, reference).equals(id)) {
            throw new IllegalStateException("docker pulled " + imageId(docker, reference) + " from " + reference + ", pushed " + id);
        }
        docker.removeEverything();
    }

    private static String imageId(DockerDaemon docker, String reference) {
        return docker.docker(Duration.ofMinutes(1), "image", "inspect", "--format", "{{.Id}}", reference).strip();
    }
}
