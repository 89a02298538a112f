package dev.berth.registry.encryption;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The keyset file ({@code berth.encryption.keyset}): Tink's JSON keyset format, plain or encrypted
 * under a {@link KeyEncryptionKey}. Created with one fresh key when missing; replaced only whole
 * (written beside it with owner-only permissions, then renamed over it), so a crash never leaves
 * half a keyset. Every problem is a {@link KeysetException} naming the file.
 */
public final class KeysetFile {
    private static final Logger log = LoggerFactory.getLogger(KeysetFile.class);
    /** A keyset of a thousand keys is a few hundred KiB; anything larger is not one of ours. */
    private static final int MAX_BYTES = 1 << 20;
    /** Binds an encrypted keyset to its purpose: a KEK-encrypted blob of another use does not load as one. */
    private static final byte[] ASSOCIATED_DATA = "berth/v1/keyset".getBytes(StandardCharsets.US_ASCII);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    static {
        Keyset.registerKeyTypes();
    }

    private final Path path;
    private final Optional<KeyEncryptionKey> keyEncryptionKey;

    public KeysetFile(Path path, Optional<KeyEncryptionKey> keyEncryptionKey) {
        this.path = Objects.requireNonNull(path, "path").toAbsolutePath();
        this.keyEncryptionKey = Objects.requireNonNull(keyEncryptionKey, "keyEncryptionKey");
    }

    public Path path() {
        return path;
    }

    /** The keyset in the file, which is first created with a fresh key when missing (and logged). */
    public Keyset loadOrCreate() {
        if (Files.notExists(path)) {
            create();
        }
        return load();
    }

    /** The keyset in the file; a missing file is an error too. */
    public Keyset load() {
        String text = read();
        JsonNode tree;
        try {
            tree = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new KeysetException(path, "is not JSON; Tink's JSON keyset format is expected", e);
        }
        boolean encrypted = tree.has("encryptedKeyset");
        if (!encrypted && !tree.has("key")) {
            throw new KeysetException(path, "is not a Tink JSON keyset (it has neither \"key\" nor \"encryptedKeyset\")", null);
        }
        KeysetHandle handle = encrypted ? decrypt(text) : parsePlain(text);
        try {
            return Keyset.of(handle);
        } catch (GeneralSecurityException e) {
            throw new KeysetException(path, "cannot be used: " + e.getMessage(), e);
        }
    }

    /**
     * Adds a fresh key and makes it the primary, so new content is made under it while content
     * under the older keys stays readable. Returns the keyset as now written.
     */
    public Keyset rotate() {
        Keyset rotated;
        try {
            rotated = load().withNewPrimary();
        } catch (GeneralSecurityException e) {
            throw new KeysetException(path, "could not take a new key: " + e.getMessage(), e);
        }
        Path temporary = writeTemporary(rotated);
        try {
            Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new KeysetException(path, "could not be replaced: " + e.getMessage(), e);
        } finally {
            deleteQuietly(temporary);
        }
        log.info("Rotated the encryption keyset {}: new primary key {}; content under keys {} stays readable",
                path, Keyset.display(rotated.primaryKeyId()), rotated.keyIds().stream().map(Keyset::display).toList());
        return rotated;
    }

    private void create() {
        Keyset created;
        try {
            created = Keyset.generate();
        } catch (GeneralSecurityException e) {
            throw new KeysetException(path, "could not be generated: " + e.getMessage(), e);
        }
        Path temporary = writeTemporary(created);
        try {
            // A link, unlike a rename, never replaces: a keyset another process just made wins.
            Files.createLink(path, temporary);
        } catch (FileAlreadyExistsException e) {
            return;
        } catch (IOException | UnsupportedOperationException e) {
            try {
                Files.move(temporary, path);
            } catch (FileAlreadyExistsException lost) {
                return;
            } catch (IOException moveFailed) {
                throw new KeysetException(path, "could not be created: " + moveFailed.getMessage(), moveFailed);
            }
        } finally {
            deleteQuietly(temporary);
        }
        log.warn("Created a new encryption keyset at {} (key {}{}). Private repositories are unreadable without it: "
                        + "back it up, and give the same file to every node that shares them.",
                path, Keyset.display(created.primaryKeyId()),
                keyEncryptionKey.isPresent() ? ", encrypted under " + KeyEncryptionKey.ENVIRONMENT_VARIABLE : "");
    }

    private KeysetHandle decrypt(String text) {
        KeyEncryptionKey key = keyEncryptionKey.orElseThrow(() -> new KeysetException(path,
                "is encrypted under a key-encryption key; set " + KeyEncryptionKey.ENVIRONMENT_VARIABLE + " to that key", null));
        try {
            return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(text, key.aead(), ASSOCIATED_DATA);
        } catch (GeneralSecurityException e) {
            throw new KeysetException(path, "does not decrypt under the key in " + KeyEncryptionKey.ENVIRONMENT_VARIABLE
                    + ": a wrong key-encryption key, or a damaged file", e);
        }
    }

    private KeysetHandle parsePlain(String text) {
        if (keyEncryptionKey.isPresent()) {
            // Refused rather than used: a plain file where an encrypted one belongs may have been swapped in.
            throw new KeysetException(path, "is not encrypted, but " + KeyEncryptionKey.ENVIRONMENT_VARIABLE
                    + " is set: unset it, or replace the file with its encrypted form", null);
        }
        warnIfOthersCanRead();
        try {
            return TinkJsonProtoKeysetFormat.parseKeyset(text, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new KeysetException(path, "is damaged: " + e.getMessage(), e);
        }
    }

    private String read() {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new KeysetException(path, "is larger than " + MAX_BYTES + " bytes, which no keyset of Berth's is", null);
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new KeysetException(path, "cannot be read: " + e, e);
        }
    }

    /** The serialized keyset in a new owner-only file beside the keyset, forced to disk. */
    private Path writeTemporary(Keyset keyset) {
        byte[] content;
        try {
            content = (keyEncryptionKey.isPresent()
                    ? TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(keyset.handle(), keyEncryptionKey.get().aead(), ASSOCIATED_DATA)
                    : TinkJsonProtoKeysetFormat.serializeKeyset(keyset.handle(), InsecureSecretKeyAccess.get()))
                    .getBytes(StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new KeysetException(path, "could not be serialized: " + e.getMessage(), e);
        }
        try {
            Path folder = path.getParent();
            Files.createDirectories(folder);
            Path temporary = posix(folder)
                    ? Files.createTempFile(folder, ".keyset-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                    : Files.createTempFile(folder, ".keyset-", ".tmp");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            return temporary;
        } catch (IOException e) {
            throw new KeysetException(path, "could not be written: " + e, e);
        }
    }

    private void warnIfOthersCanRead() {
        try {
            if (posix(path) && !OWNER_ONLY.containsAll(Files.getPosixFilePermissions(path))) {
                log.warn("The encryption keyset {} is not encrypted and others than its owner may read it ({}); chmod 600 it",
                        path, PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
            }
        } catch (IOException e) {
            log.debug("Could not read the permissions of {}", path, e);
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix")
                && Files.getFileAttributeView(path, PosixFileAttributeView.class) != null;
    }

    private static void deleteQuietly(Path temporary) {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            log.debug("Could not delete {}", temporary, e);
        }
    }
}
