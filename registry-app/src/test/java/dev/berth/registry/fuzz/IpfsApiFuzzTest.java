package dev.berth.registry.fuzz;

import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The HTTP API fuzzed on the IPFS driver, over a Kubo node of its own. Every request that stores
 * or reads costs round trips to Kubo, so the properties get a tenth of {@code -Dberth.fuzz.tries}:
 * 200 tries each in the CI-sized run, which takes about two minutes; the long run raises the tries.
 */
@AddLifecycleHook(FuzzBudget.class)
@TriesPercent(10)
class IpfsApiFuzzTest implements RequestProperties, ManifestProperties, UploadProperties, KnownBadRequests {
    private static FuzzedRegistry registry;

    @BeforeContainer
    static void start() {
        registry = FuzzSuite.seeded(FuzzedRegistry.ipfs("ipfs"));
    }

    @AfterContainer
    static void stop() {
        FuzzSuite.finish(registry);
        registry = null;
    }

    @Override
    public FuzzedRegistry registry() {
        return registry;
    }
}
