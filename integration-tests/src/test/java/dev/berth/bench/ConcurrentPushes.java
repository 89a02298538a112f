package dev.berth.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Several crane pushes of different images at once; the time until the last one is done. */
final class ConcurrentPushes implements Scenario {
    private final Workload workload;
    private final BenchImages images;

    ConcurrentPushes(Workload workload, BenchImages images) {
        this.workload = workload;
        this.images = images;
    }

    @Override
    public String id() {
        return "concurrent";
    }

    @Override
    public void run(SideSession session) throws Exception {
        List<BenchImage> all = images.concurrent();
        long start = System.nanoTime();
        try (ExecutorService pushers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Double>> pushes = new ArrayList<>();
            for (BenchImage image : all) {
                pushes.add(pushers.submit(() -> Crane.push(image.layout(), session.reference(image))));
            }
            for (Future<Double> push : pushes) {
                push.get(); // rethrows a failed push
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        all.forEach(session::markPushed);
        session.record(Metric.seconds(workload.concurrentPushes() + " concurrent crane pushes, " + workload.concurrentLayers()
                + " x 1 MiB layers each"), seconds);
    }
}
