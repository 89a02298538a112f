package dev.berth.storage.ipfs.node;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Kubo repository's {@code config} file, edited as JSON while no daemon runs (Kubo reads it when a
 * daemon starts). Keys are Kubo's dotted names ({@code Swarm.Transports.Network.QUIC}). Everything
 * not set here is kept as it was; the file is rewritten only when a value changed, atomically and
 * with its permissions (it holds the node's private key).
 */
final class KuboConfigFile {
    private static final JsonMapper JSON = JsonMapper.shared();
    /** Kubo's config is a few KiB; far more is not a config. */
    private static final int MAX_SIZE = 4 << 20;

    private final Path file;
    private final ObjectNode root;
    private boolean changed;

    private KuboConfigFile(Path file, ObjectNode root) {
        this.file = file;
        this.root = root;
    }

    /** The config of the repository in {@code folder}. */
    static KuboConfigFile of(Path folder) throws IOException {
        Path file = folder.resolve("config");
        byte[] content;
        try (InputStream in = Files.newInputStream(file)) {
            content = in.readNBytes(MAX_SIZE + 1);
        }
        if (content.length > MAX_SIZE) {
            throw new IOException(file + " is larger than " + MAX_SIZE + " bytes: not a Kubo config");
        }
        if (!(JSON.readTree(new String(content, StandardCharsets.UTF_8)) instanceof ObjectNode root)) {
            throw new IOException(file + " is not a JSON object: not a Kubo config");
        }
        return new KuboConfigFile(file, root);
    }

    /** A copy of the whole config. */
    ObjectNode tree() {
        return root.deepCopy();
    }

    /** The value at the key; a missing node when it is absent. */
    JsonNode get(String key) {
        JsonNode node = root;
        for (String name : key.split("\\.")) {
            node = node.isObject() && node.has(name) ? node.get(name) : MissingNode.getInstance();
        }
        return node;
    }

    /** Sets the value at the key, making the objects above it; a missing or null value removes the key. */
    void set(String key, JsonNode value) {
        Objects.requireNonNull(value, "value");
        boolean remove = value.isMissingNode() || value.isNull();
        if (remove ? get(key).isMissingNode() : get(key).equals(value)) {
            return;
        }
        String[] names = key.split("\\.");
        ObjectNode parent = root;
        for (int i = 0; i < names.length - 1; i++) {
            if (parent.get(names[i]) instanceof ObjectNode object) {
                parent = object;
            } else if (remove) {
                return;
            } else {
                parent = parent.putObject(names[i]);
            }
        }
        if (remove) {
            parent.remove(names[names.length - 1]);
        } else {
            parent.set(names[names.length - 1], value);
        }
        changed = true;
    }

    /** Writes the file if a value changed; whether it did. */
    boolean save() throws IOException {
        if (!changed) {
            return false;
        }
        String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        writeAtomically(file, text.getBytes(StandardCharsets.UTF_8), permissionsOf(file));
        changed = false;
        return true;
    }

    /** Only the owner may read or write: for files holding keys. */
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /**
     * Replaces a file in one step (a sibling written first, then renamed over it), created with the
     * given permissions where the file system has POSIX permissions.
     */
    static void writeAtomically(Path file, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".berth-tmp");
        Files.deleteIfExists(temporary);
        if (isPosix()) {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(permissions));
        }
        Files.write(temporary, content);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static Set<PosixFilePermission> permissionsOf(Path file) throws IOException {
        return isPosix() ? Files.getPosixFilePermissions(file) : OWNER_ONLY;
    }

    private static boolean isPosix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    static JsonNode json(Object value) {
        return JSON.valueToTree(value);
    }
}
