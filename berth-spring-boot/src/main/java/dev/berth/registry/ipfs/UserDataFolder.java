package dev.berth.registry.ipfs;

import java.nio.file.Path;
import java.util.Map;

/** Where an application keeps its data on this platform, by the platform's convention. */
final class UserDataFolder {
    private UserDataFolder() {}

    static Path of(String application, String osName, Map<String, String> environment, Path home) {
        String os = osName == null ? "" : osName.toLowerCase(java.util.Locale.ROOT);
        if (os.startsWith("windows")) {
            String local = environment.get("LOCALAPPDATA");
            return (local != null && !local.isBlank() ? Path.of(local) : home.resolve("AppData").resolve("Local")).resolve(application);
        }
        if (os.startsWith("mac")) {
            return home.resolve("Library").resolve("Application Support").resolve(application);
        }
        String xdg = environment.get("XDG_DATA_HOME");
        // The XDG spec ignores a relative XDG_DATA_HOME.
        return (xdg != null && Path.of(xdg).isAbsolute() ? Path.of(xdg) : home.resolve(".local").resolve("share")).resolve(application);
    }
}
