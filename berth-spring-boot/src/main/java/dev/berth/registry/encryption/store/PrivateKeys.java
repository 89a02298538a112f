package dev.berth.registry.encryption.store;

import dev.berth.registry.encryption.Ciphers;
import dev.berth.registry.encryption.Keyset;
import dev.berth.registry.encryption.KeysetException;
import dev.berth.registry.encryption.KeysetFile;
import dev.berth.registry.store.RegistryStorage;
import java.nio.file.Files;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keyset of private repositories, as the registry holds it while it runs: loaded from the
 * keyset file at start (made with a fresh key when missing and nothing private is stored yet),
 * checked against the private tree, and replaced whole when the keyset is rotated here or reloaded
 * after a rotation elsewhere.
 */
public final class PrivateKeys implements Supplier<Ciphers> {
    private static final Logger log = LoggerFactory.getLogger(PrivateKeys.class);

    private final KeysetFile file;
    private volatile Ciphers current;
    private final ReentrantLock changes = new ReentrantLock();

    private PrivateKeys(KeysetFile file, Keyset keyset) {
        this.file = file;
        this.current = Ciphers.of(keyset);
    }

    /**
     * The keyset of the file, which must be the one that encrypted the private tree in
     * {@code storage} (refused otherwise, naming the file). A missing file is made with a fresh key,
     * unless the storage already holds private content: a new key could never read it.
     */
    public static PrivateKeys load(KeysetFile file, RegistryStorage storage) {
        if (Files.notExists(file.path()) && storage.exists(PrivateLayout.KEYSET_CHECK)) {
            throw new KeysetException(file.path(), "is missing, but the private repositories' storage already holds content encrypted "
                    + "under a keyset: restore that keyset file (a new keyset could not read any of it)", null);
        }
        return new PrivateKeys(file, file.loadOrCreate());
    }

    /** Refuses a keyset that did not make the tree; marks a new tree as made by it. */
    public void requireMaker(PrivateTree tree) {
        KeysetCheck check = tree.checkKeyset(true);
        if (!check.readable()) {
            throw new KeysetException(file.path(), "is not the keyset that encrypted the private repositories already stored "
                    + "(they are " + check.problem().orElseThrow() + "): give the registry the keyset file it used before", null);
        }
    }

    @Override
    public Ciphers get() {
        return current;
    }

    public KeysetFile file() {
        return file;
    }

    /**
     * Adds a fresh primary key to the file and uses it for new content from now on; the tree is
     * marked with it, so that a node sharing the tree without the new key is told it lacks it.
     */
    public Keyset rotate(PrivateTree tree) {
        changes.lock(); // not synchronized: storage calls inside would pin a virtual thread's carrier
        try {
            Keyset rotated = file.rotate();
            current = Ciphers.of(rotated);
            tree.markPrimaryKey();
            return rotated;
        } finally {
            changes.unlock();
        }
    }

    /**
     * Reads the file again (after it was replaced by a keyset rotated on another node); the new
     * keyset must still open the tree.
     */
    public Keyset reload(PrivateTree tree) {
        changes.lock();
        try {
            Keyset loaded = file.load();
            Ciphers previous = current;
            current = Ciphers.of(loaded);
            KeysetCheck check = tree.checkKeyset(false);
            if (!check.readable()) {
                current = previous;
                throw new KeysetException(file.path(), "now holds a keyset that does not open the private repositories ("
                        + check.problem().orElseThrow() + "); kept the one loaded before", null);
            }
            log.info("Reloaded the encryption keyset {}: primary key {}, {} key(s)", file.path(),
                    Integer.toUnsignedString(loaded.primaryKeyId()), loaded.keyIds().size());
            tree.forgetSalt();
            return loaded;
        } finally {
            changes.unlock();
        }
    }

    @Override
    public String toString() {
        return "PrivateKeys[" + Objects.requireNonNull(file.path()) + "]";
    }
}
