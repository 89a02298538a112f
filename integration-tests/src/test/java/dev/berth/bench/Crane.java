package dev.berth.bench;

import dev.berth.it.support.Tools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The crane commands the benchmark times; crane checks every digest it pushes and pulls. */
final class Crane {
    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private Crane() {}

    /** Pushes an OCI image layout; returns the seconds it took. */
    static double push(Path layout, String reference) {
        long start = System.nanoTime();
        Tools.run(List.of(Tools.path("crane").toString(), "push", layout.toString(), reference), layout.getParent(), TIMEOUT);
        return (System.nanoTime() - start) / 1e9;
    }

    /** Pulls into a new OCI layout folder, then deletes it; returns the seconds the pull took. */
    static double pull(String reference, Path folder) {
        long start = System.nanoTime();
        Tools.run(List.of(Tools.path("crane").toString(), "pull", "--format=oci", reference, folder.toString()),
                folder.getParent(), TIMEOUT);
        double seconds = (System.nanoTime() - start) / 1e9;
        Tools.run(List.of("rm", "-rf", folder.toString()), folder.getParent(), TIMEOUT);
        return seconds;
    }
}
