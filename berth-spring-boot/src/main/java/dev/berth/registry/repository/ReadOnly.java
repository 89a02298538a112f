package dev.berth.registry.repository;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.naming.RepositoryName;

/** The refusal a read-only repository answers every change with. */
final class ReadOnly {
    private ReadOnly() {
    }

    static RegistryException refused(RepositoryName repository, String what) {
        return RegistryException.of(ErrorCode.DENIED, repository + " is read-only: " + what + " is not allowed", repository.value());
    }
}
