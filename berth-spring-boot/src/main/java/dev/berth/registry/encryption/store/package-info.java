/**
 * Private repositories as a repository kind of their own ({@link
 * dev.berth.registry.encryption.store.PrivateRepositoryKind}): the names that
 * {@code berth.encryption.repositories} matches are served from a private tree
 * ({@link dev.berth.registry.encryption.store.PrivateTree}, drawn in
 * {@link dev.berth.registry.encryption.store.PrivateLayout}) in a storage of its own, beside the
 * registry's public tree. Every file of it is sealed or encrypted, and no name or digest appears in
 * a path. Uploads wait encrypted on local disk ({@link dev.berth.registry.encryption.store.StagingArea})
 * until their digest is verified, then are encrypted for good in one piece, so that the same push
 * makes the same tree on every node with the keyset. The kind also keeps its own garbage collection
 * and re-encryption after a key rotation; {@link dev.berth.registry.encryption.store.EncryptionEndpoint}
 * runs them.
 */
package dev.berth.registry.encryption.store;
