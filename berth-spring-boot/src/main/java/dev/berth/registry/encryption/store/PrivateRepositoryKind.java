package dev.berth.registry.encryption.store;

import dev.berth.registry.encryption.EncryptionProperties;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.repository.Repository;
import dev.berth.registry.repository.RepositoryKind;
import java.util.Optional;

/**
 * Private repositories ({@code berth.encryption.repositories} and {@code random-key-repositories}):
 * the names the globs match, served from the private tree. Asked just before this registry's own
 * store, so that a name a private glob matches never reaches the public tree.
 */
public final class PrivateRepositoryKind implements RepositoryKind {
    private final EncryptionProperties properties;
    private final PrivateRepositories repositories;

    public PrivateRepositoryKind(EncryptionProperties properties, PrivateRepositories repositories) {
        this.properties = properties;
        this.repositories = repositories;
    }

    @Override
    public Optional<Repository> locate(RepositoryName name) {
        return properties.modeOf(name.value()).map(mode -> repositories.repository(name));
    }
}
