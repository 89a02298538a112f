package dev.berth.registry.encryption.store;

import dev.berth.registry.encryption.BlobFormat;
import dev.berth.registry.encryption.BlobHeader;
import dev.berth.registry.encryption.Ciphers;
import dev.berth.registry.encryption.DecryptionException;
import dev.berth.registry.encryption.EncryptionMode;
import dev.berth.registry.encryption.NameScheme;
import dev.berth.registry.encryption.RecordBinding;
import dev.berth.registry.encryption.RecordCipher;
import dev.berth.registry.encryption.RecordPurpose;
import dev.berth.registry.encryption.store.PrivateTree.StoredBlob;
import dev.berth.registry.naming.Digest;
import dev.berth.storage.FileWriter;
import dev.berth.storage.StorageDriver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves everything of the private tree that older keys made under the keyset's primary key: each
 * repository folder named by an older key is resealed record by record into the primary key's
 * folder (records already there, pushed since the rotation, win), then every blob a repository links
 * is encrypted again under the primary key into the primary key's name, and its old copy removed.
 * Afterwards the older keys read nothing any more, and can be dropped from the keyset. Pushes may go
 * on meanwhile (they write under the primary key already); it is safe to run again.
 */
public final class Reencryption {
    private static final Logger log = LoggerFactory.getLogger(Reencryption.class);
    private static final RecordBinding SALT = new RecordBinding(RecordPurpose.TREE_SALT, "", "");

    private final PrivateRepositories repositories;
    private final PrivateTree tree;
    private final PrivateReferrers referrers;
    private final ReentrantLock running = new ReentrantLock();

    public Reencryption(PrivateRepositories repositories) {
        this.repositories = repositories;
        this.tree = repositories.tree();
        this.referrers = repositories.referrers();
    }

    /**
     * What a run moved.
     *
     * @param primaryKey the key everything is now under
     * @param repositoriesMoved repository folders named by older keys, moved to the primary key's names
     * @param recordsResealed records sealed again under the primary key
     * @param blobsReencrypted blobs encrypted again under the primary key
     * @param blobsCurrent blobs that were under the primary key already
     */
    public record Report(String primaryKey, long repositoriesMoved, long recordsResealed, long blobsReencrypted, long blobsCurrent) {
    }

    public Report run() {
        running.lock(); // one at a time; not synchronized, as it calls storage (a pinned carrier on Java 21)
        try {
            Ciphers ciphers = tree.ciphers();
            Counts counts = new Counts();
            resealTreeRecords(ciphers, counts);
            for (RepositoryFolder folder : tree.allFolders()) {
                if (folder.scheme().keyId() != ciphers.keyset().primaryKeyId()) {
                    move(folder, ciphers, counts);
                }
            }
            for (RepositoryFolder folder : tree.allFolders()) {
                for (String layer : tree.fannedOut(folder.layers())) {
                    tree.open(layer, folder.layerBinding(layer), "a blob record of " + folder.name())
                            .ifPresent(record -> reencryptBlob(Records.layerDigest(record), folder.scheme(), ciphers, counts));
                }
            }
            Report report = new Report(Integer.toUnsignedString(ciphers.keyset().primaryKeyId()), counts.repositories, counts.records,
                    counts.blobs, counts.current);
            repositories.announceChange();
            log.info("Re-encrypted the private repositories under key {}: {} repositories moved, {} records resealed, {} blobs "
                    + "encrypted again, {} already current", report.primaryKey(), report.repositoriesMoved(), report.recordsResealed(),
                    report.blobsReencrypted(), report.blobsCurrent());
            return report;
        } finally {
            running.unlock();
        }
    }

    /** The keyset check and the salt, sealed again under the primary key. */
    private void resealTreeRecords(Ciphers ciphers, Counts counts) {
        RecordCipher records = ciphers.records();
        Optional<byte[]> check = tree.storage().read(PrivateLayout.KEYSET_CHECK);
        if (check.isPresent() && needsReencryption(records, check.get())) {
            tree.storage().write(PrivateLayout.KEYSET_CHECK, records.sealKeysetCheck());
            counts.records++;
        }
        Optional<byte[]> salt = tree.storage().read(PrivateLayout.TREE_SALT);
        if (salt.isPresent() && needsReencryption(records, salt.get())) {
            tree.storage().write(PrivateLayout.TREE_SALT, reseal(records, SALT, SALT, salt.get(), "the tree's salt"));
            counts.records++;
        }
    }

    /** Reseals every record of a folder named by an older key into the primary key's folder, then removes it. */
    private void move(RepositoryFolder old, Ciphers ciphers, Counts counts) {
        NameScheme primary = ciphers.names().primary(old.scheme().salted() ? tree.salt() : Optional.empty());
        RepositoryFolder target = new RepositoryFolder(old.name(), primary);
        RecordCipher records = ciphers.records();
        moveRecords(records, old.layers(), target, old::layerBinding, target::layerBinding, path -> {
            Digest digest = Records.layerDigest(Undecryptable.open(ciphers, "a blob record", old.layerBinding(path), read(path)));
            return target.layer(digest);
        }, counts);
        moveRecords(records, old.manifests(), target, old::manifestBinding, target::manifestBinding, path -> target.manifest(
                Records.ManifestRecord.decode(Undecryptable.open(ciphers, "a manifest", old.manifestBinding(path), read(path))).digest()),
                counts);
        for (String path : tree.storage().list(old.tags())) {
            Records.TagRecord tag = Records.TagRecord.decode(Undecryptable.open(ciphers, "a tag", old.tagBinding(path), read(path)));
            String to = target.tag(tag.tag());
            copy(records, path, old.tagBinding(path), to, target.tagBinding(to), counts);
        }
        for (String subject : tree.storage().list(old.referrers())) {
            for (String path : tree.storage().list(subject)) {
                byte[] record = Undecryptable.open(ciphers, "a referrer", old.referrerBinding(path), read(path));
                String to = target.referrer(referrers.subjectOf(record), referrers.parse(record).digest());
                copy(records, path, old.referrerBinding(path), to, target.referrerBinding(to), counts);
            }
        }
        tree.ensureNamed(target);
        tree.storage().delete(old.path());
        counts.repositories++;
    }

    private void moveRecords(RecordCipher records, String folder, RepositoryFolder target, Function<String, RecordBinding> from,
                             Function<String, RecordBinding> to, Function<String, String> targetPath, Counts counts) {
        for (String path : tree.fannedOut(folder)) {
            String destination = targetPath.apply(path);
            copy(records, path, from.apply(path), destination, to.apply(destination), counts);
        }
    }

    private void copy(RecordCipher records, String path, RecordBinding from, String destination, RecordBinding to, Counts counts) {
        if (!tree.storage().exists(destination)) {
            tree.storage().write(destination, reseal(records, from, to, read(path), "a record"));
            counts.records++;
        }
    }

    /**
     * Encrypts the blob again under the primary key into the primary key's name, unless it is there
     * already, then removes its copies under older keys' names.
     */
    private void reencryptBlob(Digest digest, NameScheme folderScheme, Ciphers ciphers, Counts counts) {
        String target = PrivateLayout.blobData(folderScheme.blobKey(digest));
        try {
            if (tree.storage().exists(target) && !ciphers.blobs().needsReencryption(header(target))) {
                counts.current++;
            } else {
                Optional<StoredBlob> found = tree.data(digest, folderScheme);
                if (found.isEmpty()) {
                    return;
                }
                write(found.get().path(), target, digest, folderScheme, ciphers);
                counts.blobs++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not re-encrypt " + digest, e);
        }
        for (NameScheme older : tree.schemes()) {
            if (older.keyId() != ciphers.keyset().primaryKeyId()) {
                tree.storage().delete(PrivateLayout.blob(older.blobKey(digest)));
            }
        }
    }

    private void write(String source, String target, Digest digest, NameScheme scheme, Ciphers ciphers) throws IOException {
        StorageDriver driver = tree.storage().driver();
        EncryptionMode mode = scheme.salted() ? EncryptionMode.RANDOM : EncryptionMode.CONVERGENT;
        FileWriter writer = driver.writer(target, false);
        try (InputStream ciphertext = driver.reader(source, 0)) {
            ciphers.blobs().reencrypt(ciphertext, digest, mode, writer);
            writer.commit();
        } catch (IOException | RuntimeException e) {
            writer.cancel();
            throw e;
        }
    }

    private BlobHeader header(String path) throws IOException {
        try (InputStream start = tree.storage().driver().reader(path, 0, BlobFormat.PREFIX_LENGTH)) {
            return BlobHeader.parse(start.readNBytes(BlobFormat.PREFIX_LENGTH));
        }
    }

    private static boolean needsReencryption(RecordCipher records, byte[] sealed) {
        try {
            return records.needsReencryption(sealed);
        } catch (DecryptionException notARecord) {
            return false;
        }
    }

    private static byte[] reseal(RecordCipher records, RecordBinding from, RecordBinding to, byte[] sealed, String what) {
        try {
            EncryptionMode mode = RecordCipher.header(sealed).mode();
            return records.seal(mode, to, records.open(from, sealed));
        } catch (DecryptionException e) {
            throw new IllegalStateException(what + " does not decrypt with this keyset: " + e.getMessage(), e);
        }
    }

    private byte[] read(String path) {
        return tree.storage().read(path).orElseThrow(() -> new IllegalStateException(path + " vanished while being re-encrypted"));
    }

    private static final class Counts {
        long repositories;
        long records;
        long blobs;
        long current;
    }
}
