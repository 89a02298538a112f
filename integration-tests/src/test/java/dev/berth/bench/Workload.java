package dev.berth.bench;

/**
 * The sizes of the speed benchmark's images and request counts: the shapes, or a quick set
 * that checks the harness in a few minutes.
 */
record Workload(int bigLayerMib, int smallLayers, int concurrentPushes, int concurrentLayers, int crossNodeMib,
        int monolithicMib, int heads, int rangeReads) {
    private static final int DOCKER_MAX_LAYERS = 100;

    Workload {
        if (bigLayerMib < 1 || smallLayers < 1 || concurrentPushes < 1 || concurrentLayers < 1 || crossNodeMib < 1
                || monolithicMib < 1 || heads < 10 || rangeReads < 10) {
            throw new IllegalArgumentException("every size must be positive and every request count at least 10");
        }
    }

    /** 1 x 1 GiB and 200 x 1 MiB images, 8 pushes of 20 x 1 MiB, a 256 MiB cross-node pull, a 1 GiB blob. */
    static Workload full() {
        return new Workload(1024, 200, 8, 20, 256, 1024, 2000, 200);
    }

    static Workload quick() {
        return new Workload(64, 20, 8, 4, 32, 64, 300, 50);
    }

    String bigImage() {
        return "1 x " + bigLayerMib + " MiB layer";
    }

    String smallImage() {
        return smallLayers + " x 1 MiB layers";
    }

    /**
     * The layers of the many-small-layers image that docker pushes and pulls: dockerd's layer store
     * refuses images deeper than 125 layers ("max depth exceeded" on load and on pull), so at most 100.
     */
    int dockerSmallLayers() {
        return Math.min(smallLayers, DOCKER_MAX_LAYERS);
    }

    String dockerSmallImage() {
        return dockerSmallLayers() + " x 1 MiB layers";
    }
}
