package dev.berth.bench;

import java.util.function.Supplier;

/** {@code crane push} of an OCI layout and {@code crane pull --format=oci} of it into an empty folder. */
final class CranePushPull implements Scenario {
    private final String id;
    private final String shape;
    private final Supplier<BenchImage> image;

    CranePushPull(String id, String shape, Supplier<BenchImage> image) {
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
        String reference = session.reference(image);
        session.record(push(shape), Crane.push(image.layout(), reference));
        session.markPushed(image);
        session.record(pull(shape), Crane.pull(reference, session.pullFolder(image.name())));
    }

    static Metric push(String shape) {
        return Metric.seconds("crane push, " + shape);
    }

    static Metric pull(String shape) {
        return Metric.seconds("crane pull, " + shape);
    }
}
