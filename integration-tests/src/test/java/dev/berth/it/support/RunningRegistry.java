package dev.berth.it.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One registry process for a test class, started before its first test and stopped after its
 * last: {@code @RegisterExtension static final RunningRegistry REGISTRY = new RunningRegistry(() -> RegistryProcess.berth(...));}.
 * Extensions registered in earlier fields (a Kubo node) start first.
 */
public final class RunningRegistry implements BeforeAllCallback, AfterAllCallback {

    /** Starts the registry; may throw. */
    @FunctionalInterface
    public interface Starter {
        RegistryProcess start() throws Exception;
    }

    private final Starter starter;
    private RegistryProcess registry;

    public RunningRegistry(Starter starter) {
        this.starter = starter;
    }

    public RegistryProcess get() {
        if (registry == null) {
            throw new IllegalStateException("the registry starts before all tests; register the extension statically");
        }
        return registry;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        registry = starter.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (registry != null) {
            registry.close();
            registry = null;
        }
    }
}
