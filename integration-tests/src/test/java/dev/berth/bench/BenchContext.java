package dev.berth.bench;

import dev.berth.it.support.DockerDaemon;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.Objects;

/** What every scenario of a run shares: sizes, the work folder, the jar under test, the images, dockerd, the results. */
record BenchContext(Workload workload, Path work, Path jar, BenchImages images, DockerDaemon docker, Results results,
        HttpClient http) {
    BenchContext {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(jar, "jar");
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(results, "results");
        Objects.requireNonNull(http, "http");
    }

    /** The throw-away dockerd of the run; only docker scenarios ask for it. */
    @Override
    public DockerDaemon docker() {
        if (docker == null) {
            throw new IllegalStateException("no dockerd was started for this run");
        }
        return docker;
    }
}
