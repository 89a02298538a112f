package dev.berth.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The images and blobs of a run, each written on first use, so that a run of a few scenarios writes only theirs. */
final class BenchImages {
    private final Path work;
    private final Workload workload;
    private BenchImage big;
    private BenchImage small;
    private List<BenchImage> concurrent;
    private BenchImage crossNode;
    private Path monolithic;
    private BenchImage warmUp;
    private BenchImage dockerSmall;

    BenchImages(Path work, Workload workload) {
        this.work = work;
        this.workload = workload;
    }

    synchronized BenchImage big() {
        if (big == null) {
            big = build("big", 1, workload.bigLayerMib(), 1);
        }
        return big;
    }

    synchronized BenchImage small() {
        if (small == null) {
            small = build("small", workload.smallLayers(), 1, 2);
        }
        return small;
    }

    /** The many-small-layers image within what dockerd can hold: the small image itself when it is shallow enough. */
    synchronized BenchImage dockerSmall() {
        if (workload.dockerSmallLayers() == workload.smallLayers()) {
            return small();
        }
        if (dockerSmall == null) {
            dockerSmall = build("docker-small", workload.dockerSmallLayers(), 1, 6);
        }
        return dockerSmall;
    }

    /** Different images of the same shape, one per concurrent push. */
    synchronized List<BenchImage> concurrent() {
        if (concurrent == null) {
            List<BenchImage> images = new ArrayList<>();
            for (int i = 0; i < workload.concurrentPushes(); i++) {
                images.add(build("concurrent-" + i, workload.concurrentLayers(), 1, 100 + i));
            }
            concurrent = List.copyOf(images);
        }
        return concurrent;
    }

    synchronized BenchImage crossNode() {
        if (crossNode == null) {
            crossNode = build("cross-node", 1, workload.crossNodeMib(), 3);
        }
        return crossNode;
    }

    /** A small image pushed and pulled, untimed, before a side's first scenario. */
    synchronized BenchImage warmUp() {
        if (warmUp == null) {
            warmUp = build("warm-up", 8, 2, 5);
        }
        return warmUp;
    }

    /** Random bytes pushed as one blob, not part of any image. */
    synchronized Path monolithic() {
        if (monolithic == null) {
            try {
                monolithic = BenchImage.randomFile(work, "monolithic.bin", workload.monolithicMib(), 4);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return monolithic;
    }

    private BenchImage build(String name, int layers, int layerMib, long seed) {
        try {
            return BenchImage.build(work, name, layers, layerMib, seed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the image " + name, e);
        }
    }
}
