package dev.berth.registry.encryption.store;

/**
 * Published (as a Spring application event) after a change to what the private tree serves: a
 * manifest pushed or deleted, a tag deleted. Deliberately not a {@code ManifestChange}: the public
 * tree's views (the gateway view, its IPNS record) must not follow private repositories.
 */
public record PrivateTreeChanged() {
}
