package dev.berth.registry.encryption;

import java.util.Objects;

/**
 * What a sealed record is bound to, as associated data: its purpose, its repository and the item
 * within it (a manifest's digest, a tag, a referrer's subject, a storage key). Opening it under any
 * other binding fails, so a ciphertext moved elsewhere, or to another use, is refused.
 *
 * @param repository the repository's name, or its storage key where the name is not yet known
 *     (listings); empty for records of no repository
 * @param item the item within the repository; empty when the repository is the item
 */
public record RecordBinding(RecordPurpose purpose, String repository, String item) {
    public RecordBinding {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(item, "item");
    }
}
