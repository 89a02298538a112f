package dev.berth.registry.fuzz;

/** Starting and ending a fuzzed registry for a test class. */
final class FuzzSuite {
    private FuzzSuite() {
    }

    static FuzzedRegistry seeded(FuzzedRegistry registry) {
        try {
            Seed.plant(registry);
            return registry;
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    /** Stops the registry; when surveying, fails listing what was found. */
    static void finish(FuzzedRegistry registry) {
        if (registry == null) {
            return;
        }
        try {
            if (Findings.KEEP_GOING) {
                registry.findings().assertNoneFound();
            }
        } finally {
            registry.close();
        }
    }
}
