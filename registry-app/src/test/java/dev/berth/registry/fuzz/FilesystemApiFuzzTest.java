package dev.berth.registry.fuzz;

import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** The HTTP API fuzzed on the filesystem driver: {@code -Dberth.fuzz.tries} tries per property. */
@AddLifecycleHook(FuzzBudget.class)
class FilesystemApiFuzzTest implements RequestProperties, ManifestProperties, UploadProperties, KnownBadRequests {
    private static FuzzedRegistry registry;

    @BeforeContainer
    static void start() {
        registry = FuzzSuite.seeded(FuzzedRegistry.filesystem("filesystem"));
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
