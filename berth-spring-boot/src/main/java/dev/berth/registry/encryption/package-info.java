/**
 * Private repositories: their content encrypted before it reaches storage, with Tink.
 *
 * <h2>Key material</h2>
 * <ul>
 *   <li>The keyset file ({@link dev.berth.registry.encryption.KeysetFile}): HKDF-SHA256 PRF keys of
 *       32 random bytes, one per generation, each with Tink's key id; the primary makes new
 *       content. Nothing else is secret, and nothing else needs to be copied between nodes.</li>
 *   <li>Optionally the key-encryption key ({@link dev.berth.registry.encryption.KeyEncryptionKey},
 *       {@code BERTH_ENCRYPTION_KEK}): AES-256-GCM over the keyset file, kept out of storage.</li>
 *   <li>Derived, never stored (HKDF with a label per use, {@code Keyset.Derivation}): per blob, the
 *       streaming key, salt and nonce prefix of convergent blobs, from the blob's digest; per
 *       generation, the streaming key of random-key blobs, the AES-SIV key of deterministic records,
 *       the AES-GCM key of random records and the key of storage names.</li>
 * </ul>
 * One key type serves every use because each use derives its own, independent key; rotation is one
 * new PRF key, and every ciphertext names the key id it was made with.
 *
 * <h2>What is encrypted how</h2>
 * <ul>
 *   <li>Blobs ({@link dev.berth.registry.encryption.BlobCipher}): Tink's AES-GCM-HKDF streaming
 *       AEAD, 256 KiB segments, decryptable from any segment ({@link dev.berth.registry.encryption.BlobFormat}).</li>
 *   <li>Manifests, tag records, referrers, names ({@link dev.berth.registry.encryption.RecordCipher}):
 *       AES-SIV or AES-GCM, bound to purpose, repository and item.</li>
 *   <li>Names in paths ({@link dev.berth.registry.encryption.NameCipher}): keyed hashes, by one
 *       {@link dev.berth.registry.encryption.NameScheme} per key; random-key repositories' salted
 *       with their tree's own {@link dev.berth.registry.encryption.TreeSalt}, so trees share none.</li>
 * </ul>
 *
 * <h2>Modes</h2>
 * {@link dev.berth.registry.encryption.EncryptionMode#CONVERGENT}: the same content gives the same
 * bytes (and so the same CIDs) on every node with the keyset; {@link
 * dev.berth.registry.encryption.EncryptionMode#RANDOM}: fresh randomness everywhere. No class here
 * uses Spring but {@link dev.berth.registry.encryption.EncryptionProperties}; the repository kind
 * built on these is in {@code encryption.store}, its IPFS side in {@code encryption.ipfs}, its
 * wiring in {@code encryption.config}.
 */
package dev.berth.registry.encryption;
