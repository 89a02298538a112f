package dev.berth.registry.fuzz;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The HTTP API fuzzed on the IPFS driver, over a Kubo node of its own. Every request that stores
 * or reads costs round trips to Kubo, so the properties get a tenth of {@code -Dberth.fuzz.tries}:
 * 200 tries each in the CI-sized run, which takes a minute or two; the long run raises the tries.
 */
class IpfsApiFuzzTest implements RequestProperties, ManifestProperties, UploadProperties, KnownBadRequests {
    private static FuzzedRegistry registry;

    @BeforeAll
    static void start() {
        registry = FuzzSuite.seeded(FuzzedRegistry.ipfs("ipfs"));
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
        return 10;
    }
}
