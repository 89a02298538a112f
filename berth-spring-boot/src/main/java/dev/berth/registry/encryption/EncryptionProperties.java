package dev.berth.registry.encryption;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.AntPathMatcher;

/**
 * {@code berth.encryption.*}: private repositories, encrypted before they reach storage.
 *
 * @param repositories globs over repository names ({@code *} within one path segment, {@code **}
 *     across segments) of the private repositories; their content is encrypted convergently, so
 *     nodes holding the same keyset dedupe it and exchange it
 * @param randomKeyRepositories globs of private repositories whose content gets random keys
 *     instead: nothing, not even equality, is revealed, and nothing is shared between nodes
 * @param keyset the Tink JSON keyset file; created with a fresh key when missing. When
 *     {@value KeyEncryptionKey#ENVIRONMENT_VARIABLE} is set, the file is encrypted under that key
 * @param staging the local folder where uploads in progress wait, encrypted, until they are
 *     verified; by default {@code <berth.storage.ipfs.data-dir>/private-uploads} on IPFS, else
 *     {@code berth-private-uploads} in the JVM's temporary folder
 */
@ConfigurationProperties("berth.encryption")
public record EncryptionProperties(@DefaultValue List<String> repositories, @DefaultValue List<String> randomKeyRepositories,
                                   Path keyset, Path staging) {
    private static final AntPathMatcher GLOBS = new AntPathMatcher("/");

    public EncryptionProperties {
        repositories = List.copyOf(repositories);
        randomKeyRepositories = List.copyOf(randomKeyRepositories);
        if (enabled(repositories, randomKeyRepositories) && keyset == null) {
            throw new IllegalArgumentException("berth.encryption.keyset must name the keyset file when "
                    + "berth.encryption.repositories or berth.encryption.random-key-repositories is set");
        }
    }

    /** Whether any repository is private. */
    public boolean enabled() {
        return enabled(repositories, randomKeyRepositories);
    }

    /** How the repository's content is encrypted; empty for a public repository. Random keys win. */
    public Optional<EncryptionMode> modeOf(String repository) {
        if (matches(randomKeyRepositories, repository)) {
            return Optional.of(EncryptionMode.RANDOM);
        }
        return matches(repositories, repository) ? Optional.of(EncryptionMode.CONVERGENT) : Optional.empty();
    }

    /** The keyset file, loaded (or created); a {@link KeysetException} names the file on any problem. */
    public Keyset loadKeyset(Map<String, String> environment) {
        if (keyset == null) {
            throw new IllegalStateException("berth.encryption.keyset is not set");
        }
        return new KeysetFile(keyset, KeyEncryptionKey.fromEnvironment(environment)).loadOrCreate();
    }

    private static boolean matches(List<String> globs, String repository) {
        return globs.stream().anyMatch(glob -> GLOBS.match(glob, repository));
    }

    private static boolean enabled(List<String> repositories, List<String> randomKeyRepositories) {
        return !repositories.isEmpty() || !randomKeyRepositories.isEmpty();
    }
}
