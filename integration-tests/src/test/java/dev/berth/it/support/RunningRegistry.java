package dev.berth.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * One registry process for a test class, started before its first test and stopped after its
 * last: {@code @RegisterExtension static final RunningRegistry REGISTRY = new RunningRegistry(() -> RegistryProcess.berth(...));}.
 * Extensions registered in earlier fields (a Kubo node) start first. A failing test's message
 * carries what the registry logged at WARN and ERROR, so that a failure in CI says why.
 */
public final class RunningRegistry implements BeforeAllCallback, AfterAllCallback, TestExecutionExceptionHandler {
    private static final int LOGGED_LINES = 60;

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

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        if (registry == null || !Files.isRegularFile(registry.log())) {
            throw failure;
        }
        List<String> warnings;
        try (var lines = Files.lines(registry.log())) {
            warnings = lines.filter(line -> line.contains("WARN") || line.contains("ERROR") || line.startsWith("\tat ")
                    || line.startsWith("Caused by")).toList();
        } catch (IOException | java.io.UncheckedIOException unreadable) {
            throw failure;
        }
        if (warnings.isEmpty()) {
            throw failure;
        }
        // In the message, as the build's summary prints messages only.
        throw new AssertionError(failure.getMessage() + "\nthe registry's warnings and errors (last " + LOGGED_LINES + " lines):\n"
                + String.join("\n", warnings.subList(Math.max(0, warnings.size() - LOGGED_LINES), warnings.size())), failure);
    }
}
