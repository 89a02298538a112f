package dev.berth.storage.ipfs.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the Kubo binary the tests run: the system property {@value #PROPERTY}, else the environment
 * variable {@value #ENVIRONMENT} (which {@code ./berth test} sets), else the pinned build that
 * {@code ./berth kubo} installs, else {@code ipfs} on the {@code PATH}. Without one the tests fail:
 * a storage driver that was never run against Kubo must not look tested.
 */
public final class KuboBinary {
    public static final String PROPERTY = "berth.ipfs.binary";
    public static final String ENVIRONMENT = "BERTH_IPFS_BINARY";
    static final String PINNED_VERSION = "v0.43.1";

    private KuboBinary() {}

    public static Path find() {
        List<String> tried = new ArrayList<>();
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return executable(Path.of(property), "-D" + PROPERTY);
        }
        String environment = System.getenv(ENVIRONMENT);
        if (environment != null && !environment.isBlank()) {
            return executable(Path.of(environment), ENVIRONMENT);
        }
        Path pinned = Path.of(System.getProperty("user.home"), ".cache", "berth", "kubo-" + PINNED_VERSION, "ipfs");
        tried.add(pinned.toString());
        if (Files.isExecutable(pinned)) {
            return pinned;
        }
        String path = System.getenv("PATH");
        for (String folder : path == null ? new String[0] : path.split(File.pathSeparator)) {
            Path candidate = Path.of(folder, "ipfs");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        tried.add("ipfs on the PATH");
        throw new IllegalStateException("No Kubo binary found (tried -D" + PROPERTY + ", " + ENVIRONMENT + ", "
                + String.join(", ", tried) + "). Run ./berth kubo to install the pinned Kubo " + PINNED_VERSION
                + ", or set " + ENVIRONMENT + ".");
    }

    private static Path executable(Path binary, String source) {
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(source + " names " + binary + ", which is not an executable file");
        }
        return binary;
    }
}
