package dev.berth.registry.encryption.store;

import dev.berth.registry.encryption.BlobCipher;
import dev.berth.registry.encryption.Ciphers;
import dev.berth.registry.encryption.DecryptionException;
import dev.berth.registry.encryption.EncryptionMode;
import dev.berth.registry.encryption.NameScheme;
import dev.berth.registry.encryption.RecordBinding;
import dev.berth.registry.encryption.RecordCipher;
import dev.berth.registry.encryption.RecordPurpose;
import dev.berth.registry.encryption.TreeSalt;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.store.RegistryStorage;
import dev.berth.storage.FileInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tree of private repositories ({@link PrivateLayout}) in its own storage: this registry's own,
 * or one read from IPFS. It finds a repository's folders under every naming scheme the keyset reads
 * (primary key first; older keys until re-encryption moves their content; a tree's salted names for
 * random-key repositories), reads and writes sealed records, and finds blobs.
 */
public final class PrivateTree {
    private static final Logger log = LoggerFactory.getLogger(PrivateTree.class);
    private static final RecordBinding SALT_BINDING = new RecordBinding(RecordPurpose.TREE_SALT, "", "");

    private final ReentrantLock saltLock = new ReentrantLock();
    private final RegistryStorage storage;
    private final Supplier<Ciphers> keys;
    private final Function<RepositoryName, EncryptionMode> modes;
    private final Set<String> named = ConcurrentHashMap.newKeySet();
    /** Writes of one path run one at a time: two at once would race over the driver's pending file. */
    private final ReentrantLock[] pathLocks = new ReentrantLock[64];
    private volatile Optional<TreeSalt> salt;

    /**
     * @param keys the current ciphers (they change when the keyset is rotated or reloaded)
     * @param modes how each repository's new content is encrypted
     */
    public PrivateTree(RegistryStorage storage, Supplier<Ciphers> keys, Function<RepositoryName, EncryptionMode> modes) {
        this.storage = storage;
        this.keys = keys;
        this.modes = modes;
        for (int i = 0; i < pathLocks.length; i++) {
            pathLocks[i] = new ReentrantLock();
        }
    }

    /** Runs a write of the path while no other write of it runs in this process. */
    <T> T locked(String path, Supplier<T> write) {
        ReentrantLock lock = pathLocks[Math.floorMod(path.hashCode(), pathLocks.length)];
        lock.lock();
        try {
            return write.get();
        } finally {
            lock.unlock();
        }
    }

    public RegistryStorage storage() {
        return storage;
    }

    public Ciphers ciphers() {
        return keys.get();
    }

    EncryptionMode mode(RepositoryName name) {
        return modes.apply(name);
    }

    /** Whether this storage holds a private tree: it has the sealed keyset check. */
    public boolean isPrivateTree() {
        return storage.exists(PrivateLayout.KEYSET_CHECK);
    }

    /**
     * Whether the keyset opens the tree's keyset check; a tree that has none yet (nothing stored)
     * gets it now, when writable.
     */
    public KeysetCheck checkKeyset(boolean writable) {
        RecordCipher records = ciphers().records();
        Optional<byte[]> check = storage.read(PrivateLayout.KEYSET_CHECK);
        if (check.isEmpty()) {
            if (writable) {
                storage.write(PrivateLayout.KEYSET_CHECK, records.sealKeysetCheck());
            }
            return KeysetCheck.NEW;
        }
        try {
            records.verifyKeysetCheck(check.get());
            return KeysetCheck.MATCHES;
        } catch (DecryptionException e) {
            OptionalInt keyId = Undecryptable.recordKeyId(check.get());
            return keyId.isPresent() && !ciphers().keyset().holds(keyId.getAsInt())
                    ? KeysetCheck.lacking(keyId.getAsInt()) : KeysetCheck.OTHER_KEYSET;
        }
    }

    /** Seals the keyset check again under the primary key, so that readers without that key are told they need it. */
    void markPrimaryKey() {
        storage.write(PrivateLayout.KEYSET_CHECK, ciphers().records().sealKeysetCheck());
    }

    /** The tree's salt, if a random-key repository was ever written to it. */
    Optional<TreeSalt> salt() {
        Optional<TreeSalt> known = salt;
        if (known == null) {
            known = storage.read(PrivateLayout.TREE_SALT).map(sealed -> TreeSalt.of(Undecryptable.open(ciphers(),
                    "the tree's salt", SALT_BINDING, sealed)));
            salt = known;
        }
        return known;
    }

    /** The tree's salt, made now when there is none. */
    TreeSalt saltForWriting() {
        saltLock.lock(); // a lock, not a monitor: the write may go to Kubo, which must not pin a virtual thread
        try {
            Optional<TreeSalt> existing = salt();
            if (existing.isPresent()) {
                return existing.get();
            }
            TreeSalt made = TreeSalt.random();
            storage.write(PrivateLayout.TREE_SALT, ciphers().records().seal(EncryptionMode.RANDOM, SALT_BINDING, made.bytes()));
            salt = Optional.of(made);
            return made;
        } finally {
            saltLock.unlock();
        }
    }

    /** Forgets what was read of the tree's salt (re-encryption rewrites it). */
    void forgetSalt() {
        salt = null;
        named.clear();
    }

    /** Where new content of the repository goes: the primary key's scheme, salted for random-key repositories. */
    RepositoryFolder home(RepositoryName name) {
        Ciphers ciphers = ciphers();
        Optional<TreeSalt> homeSalt = mode(name) == EncryptionMode.RANDOM ? Optional.of(saltForWriting()) : Optional.empty();
        return new RepositoryFolder(name, ciphers.names().primary(homeSalt));
    }

    /** Every folder the repository may have content in: where new content goes first (without making a salt), then the others. */
    List<RepositoryFolder> folders(RepositoryName name) {
        List<NameScheme> schemes = ciphers().names().schemes(salt());
        boolean salted = mode(name) == EncryptionMode.RANDOM;
        List<RepositoryFolder> folders = new ArrayList<>();
        schemes.stream().filter(scheme -> scheme.salted() == salted).findFirst()
                .ifPresent(home -> folders.add(new RepositoryFolder(name, home)));
        for (NameScheme scheme : schemes) {
            RepositoryFolder folder = new RepositoryFolder(name, scheme);
            if (!folders.contains(folder)) {
                folders.add(folder);
            }
        }
        return folders;
    }

    /** Every scheme of this tree, primary first. */
    List<NameScheme> schemes() {
        return ciphers().names().schemes(salt());
    }

    /** Writes the repository's sealed name beside its content, once, so that the catalog can list it. */
    void ensureNamed(RepositoryFolder folder) {
        if (named.contains(folder.key())) {
            return;
        }
        locked(folder.nameFile(), () -> {
            if (!storage.exists(folder.nameFile())) {
                storage.write(folder.nameFile(), ciphers().names().sealRepositoryName(mode(folder.name()), folder.key(), folder.name()));
            }
            return named.add(folder.key());
        });
    }

    /** The repository name sealed in the folder with this key, if the folder has one that opens. */
    Optional<RepositoryName> nameOf(String repositoryKey) {
        return storage.read(PrivateLayout.repositoryName(repositoryKey)).map(sealed -> {
            try {
                return ciphers().names().openRepositoryName(repositoryKey, sealed);
            } catch (DecryptionException e) {
                throw Undecryptable.of(ciphers(), "the name of a private repository", e, Undecryptable.recordKeyId(sealed));
            }
        });
    }

    /** The record at the path, opened; empty when there is none. */
    Optional<byte[]> open(String path, RecordBinding binding, String what) {
        return storage.read(path).map(sealed -> Undecryptable.open(ciphers(), what, binding, sealed));
    }

    void seal(String path, RecordBinding binding, EncryptionMode mode, byte[] plaintext) {
        byte[] sealed = ciphers().records().seal(mode, binding, plaintext);
        locked(path, () -> {
            storage.write(path, sealed);
            return null;
        });
    }

    /** A blob the repository holds: its record in one of the repository's folders, and its stored ciphertext. */
    Optional<StoredBlob> blob(RepositoryName name, Digest digest) {
        for (RepositoryFolder folder : folders(name)) {
            if (storage.exists(folder.layer(digest))) {
                Optional<StoredBlob> found = data(digest, folder.scheme());
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** The stored ciphertext of the digest, looked for under the given scheme first. */
    Optional<StoredBlob> data(Digest digest, NameScheme first) {
        List<NameScheme> order = new ArrayList<>(List.of(first));
        schemes().stream().filter(scheme -> !scheme.equals(first)).forEach(order::add);
        for (NameScheme scheme : order) {
            String path = PrivateLayout.blobData(scheme.blobKey(digest));
            Optional<FileInfo> info = storage.stat(path);
            if (info.isPresent()) {
                return Optional.of(new StoredBlob(digest, path, info.get(), scheme));
            }
        }
        return Optional.empty();
    }

    /**
     * Every repository folder of the tree, under whichever scheme made it; a folder whose name does
     * not open under any scheme of this keyset is left out (and logged).
     */
    List<RepositoryFolder> allFolders() {
        List<RepositoryFolder> folders = new ArrayList<>();
        List<NameScheme> schemes = schemes();
        for (String path : storage.list(PrivateLayout.REPOSITORIES)) {
            String key = PrivateLayout.name(path);
            Optional<RepositoryName> name = nameOf(key);
            Optional<NameScheme> scheme = name.flatMap(n -> schemes.stream().filter(s -> s.repositoryKey(n).equals(key)).findFirst());
            if (scheme.isPresent()) {
                folders.add(new RepositoryFolder(name.get(), scheme.get()));
            } else {
                log.warn("The private repository folder {} has no name this keyset opens; it is left alone", key);
            }
        }
        return folders;
    }

    /** The files of a folder fanned out by two hex characters ({@code <folder>/<2 hex>/<key>}). */
    List<String> fannedOut(String folder) {
        List<String> leaves = new ArrayList<>();
        for (String prefix : storage.list(folder)) {
            leaves.addAll(storage.list(prefix));
        }
        return leaves;
    }

    /** Whether the digest's ciphertext is stored under exactly this scheme, where a new push of it would go. */
    boolean holdsData(Digest digest, NameScheme scheme) {
        return storage.exists(PrivateLayout.blobData(scheme.blobKey(digest)));
    }

    /** A blob's stored ciphertext. */
    record StoredBlob(Digest digest, String path, FileInfo info, NameScheme scheme) {
        /** The mode, which decides the format: a tree's own (salted) names are random-key repositories'. */
        EncryptionMode mode() {
            return scheme.salted() ? EncryptionMode.RANDOM : EncryptionMode.CONVERGENT;
        }

        /** The plaintext's size, which follows from the ciphertext's. */
        long size() {
            return BlobCipher.plaintextSize(mode(), info.size());
        }
    }
}
