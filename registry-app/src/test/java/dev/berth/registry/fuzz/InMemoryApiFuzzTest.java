package dev.berth.registry.fuzz;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The HTTP API fuzzed on the in-memory driver: {@code -Dberth.fuzz.tries} tries per property. */
class InMemoryApiFuzzTest implements RequestProperties, ManifestProperties, UploadProperties, KnownBadRequests {
    private static FuzzedRegistry registry;

    @BeforeAll
    static void start() {
        registry = FuzzSuite.seeded(FuzzedRegistry.inMemory("in-memory", java.util.Map.of()));
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
}
