package dev.berth.registry.fuzz;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The HTTP API fuzzed on the filesystem driver: a quarter of {@code -Dberth.fuzz.tries} per property,
 * since every write there is a file synced to disk and the in-memory suite runs the same properties
 * in full; 500 tries each in the CI-sized run.
 */
class FilesystemApiFuzzTest implements RequestProperties, ManifestProperties, UploadProperties, KnownBadRequests {
    private static FuzzedRegistry registry;

    @BeforeAll
    static void start() {
        registry = FuzzSuite.seeded(FuzzedRegistry.filesystem("filesystem"));
    }

    @AfterAll
    static void stop() {
        FuzzSuite.finish(registry);
        registry = null;
    }

    @Override
    public FuzzedRegistry registry() {
        return registry;
    }

    @Override
    public int triesPercent() {
        return 25;
    }
}
