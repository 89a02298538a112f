package dev.berth.registry.encryption.store;

import dev.berth.registry.encryption.BlobCipher;
import dev.berth.registry.encryption.BlobEncryptingStream;
import dev.berth.registry.encryption.BlobFormat;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.DigestAlgorithm;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.repository.UploadId;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What uploads in progress of private repositories keep on local disk, encrypted under random keys
 * of their own (the keyset's staging encryption, bound to the upload and the file's name), so that
 * plaintext never touches the disk.
 *
 * <p>A convergent upload is encrypted for good as it arrives, into pending content of the private
 * storage ({@link PrivateUploads}); here it keeps only its tail, the plaintext of its last segment,
 * which cannot be encrypted before the next request says whether more follows. A random-key upload
 * keeps every chunk here as a part, because its blob key is bound to the digest the client sends
 * last; once the whole upload hashes to that digest it is decrypted and encrypted into the tree.
 *
 * <pre>
 * &lt;staging folder&gt;/&lt;sha256 of repository and upload id&gt;/tail-&lt;ciphertext size&gt;-&lt;key id&gt;   convergent
 * &lt;staging folder&gt;/&lt;sha256 of repository and upload id&gt;/part-000001, part-000002, ...   random-key
 * </pre>
 *
 * A part or tail is written beside its place and renamed into it once whole, so a chunk cut short leaves
 * nothing. The folder's name is a hash so that an upload id is found only through the repository
 * that started it.
 */
final class StagingArea {
    private static final String PART = "part-";
    private static final String TAIL = "tail";
    /** Whole ciphertext segments at a time: fewer, larger calls into the cipher, the hash and the disk. */
    static final int BUFFER = 256 * 1024;
    private static final String WRITING = ".writing";

    private final Path root;

    StagingArea(Path root) {
        try {
            this.root = Files.createDirectories(root.toAbsolutePath());
            if (root.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(this.root, PosixFilePermissions.fromString("rwx------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the staging folder of private uploads, " + root + ", cannot be made", e);
        }
    }

    Path root() {
        return root;
    }

    /** The upload's key: the name of its folder. */
    static String keyOf(RepositoryName repository, UploadId id) {
        return Digest.of(DigestAlgorithm.SHA256,
                (repository.value() + "\n" + id.value()).getBytes(StandardCharsets.UTF_8)).hex();
    }

    void create(String key) throws IOException {
        try {
            Files.createDirectory(root.resolve(key));
        } catch (FileAlreadyExistsException e) {
            throw new IOException("an upload folder " + key + " already exists", e);
        }
    }

    boolean exists(String key) {
        return Files.isDirectory(root.resolve(key));
    }

    /** The plaintext bytes the upload holds. */
    long size(String key) throws IOException {
        long size = 0;
        for (Path part : parts(key)) {
            size += BlobFormat.plaintextSize(Files.size(part));
        }
        return size;
    }

    /**
     * Encrypts the body into the next part, teeing the plaintext into {@code plaintextTee} as it
     * goes; returns the plaintext bytes received. A body without bytes adds no part.
     */
    long append(String key, InputStream body, BlobCipher cipher, OutputStream plaintextTee) throws IOException {
        String name = PART + "%06d".formatted(parts(key).size() + 1);
        Path part = root.resolve(key).resolve(name);
        Path writing = root.resolve(key).resolve(name + WRITING);
        long received;
        try {
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(writing), BUFFER);
                    BlobEncryptingStream encrypted = cipher.encryptStaged(file, label(key, name))) {
                received = copy(body, new Tee(encrypted, plaintextTee));
            }
            if (received == 0) {
                Files.delete(writing);
            } else {
                Files.move(writing, part, StandardCopyOption.ATOMIC_MOVE);
            }
            return received;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(writing);
            throw e;
        }
    }

    /** Copies the whole stream in {@link #BUFFER}-sized reads; returns the bytes copied. */
    static long copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long copied = 0;
        int read;
        while ((read = in.read(buffer)) >= 0) {
            out.write(buffer, 0, read);
            copied += read;
        }
        return copied;
    }

    /** The upload's plaintext, decrypted part after part (each opened when reached). */
    InputStream plaintext(String key, BlobCipher cipher) throws IOException {
        return new Parts(parts(key).iterator(), part -> cipher.decryptStaged(Files.newInputStream(part),
                label(key, part.getFileName().toString())));
    }

    /**
     * What a convergent upload held back after its last request: the plaintext of its last segment,
     * not encrypted for good yet because more may follow. Its name says which ciphertext it
     * continues (the pending ciphertext's size, and the key it is under), so that a request that
     * died between writing the two is found out.
     *
     * @param path the file, encrypted like a part
     */
    record Tail(Path path, long ciphertextSize, int keyId) {
    }

    /** The tails of a convergent upload, latest first. */
    List<Tail> tails(String key) throws IOException {
        List<Tail> tails = new ArrayList<>();
        try (Stream<Path> files = Files.list(root.resolve(key))) {
            for (Path file : files.toList()) {
                String[] name = file.getFileName().toString().split("-");
                if (name.length == 3 && name[0].equals(TAIL) && !file.toString().endsWith(WRITING)) {
                    tails.add(new Tail(file, Long.parseLong(name[1]), Integer.parseUnsignedInt(name[2])));
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        tails.sort(Comparator.comparingLong(Tail::ciphertextSize).reversed());
        return tails;
    }

    /** The plaintext of a tail. */
    InputStream open(String key, Tail tail, BlobCipher cipher) throws IOException {
        return cipher.decryptStaged(Files.newInputStream(tail.path()), label(key, tail.path().getFileName().toString()));
    }

    /** The plaintext bytes a tail holds, known from its size. */
    static long plaintextSize(Tail tail) throws IOException {
        return BlobFormat.plaintextSize(Files.size(tail.path()));
    }

    /**
     * Writes a new tail, whole or not at all: the bytes of {@code earlier} (an older tail, or
     * nothing) followed by {@code more}, which is copied through {@code tee} as it goes. Returns the
     * bytes taken from {@code more}.
     */
    long replaceTail(String key, long ciphertextSize, int keyId, InputStream earlier, InputStream more, OutputStream tee,
                     BlobCipher cipher) throws IOException {
        String name = TAIL + "-" + ciphertextSize + "-" + Integer.toUnsignedString(keyId);
        Path tail = root.resolve(key).resolve(name);
        Path writing = root.resolve(key).resolve(name + WRITING);
        try {
            long taken;
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(writing), BUFFER);
                    BlobEncryptingStream encrypted = cipher.encryptStaged(file, label(key, name))) {
                copy(earlier, encrypted);
                taken = copy(more, new Tee(encrypted, tee));
            }
            Files.move(writing, tail, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return taken;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(writing);
            throw e;
        }
    }

    /** Writes a new tail holding these bytes, whole or not at all. */
    void replaceTail(String key, long ciphertextSize, int keyId, byte[] plaintext, BlobCipher cipher) throws IOException {
        replaceTail(key, ciphertextSize, keyId, new java.io.ByteArrayInputStream(plaintext), InputStream.nullInputStream(),
                OutputStream.nullOutputStream(), cipher);
    }

    /** Removes the tails other than the one of this ciphertext size. */
    void dropTailsOtherThan(String key, long ciphertextSize) throws IOException {
        for (Tail tail : tails(key)) {
            if (tail.ciphertextSize() != ciphertextSize) {
                Files.deleteIfExists(tail.path());
            }
        }
    }

    /** Removes the upload; false when it was not there. */
    boolean delete(String key) throws IOException {
        Path folder = root.resolve(key);
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
        try {
            Files.delete(folder);
        } catch (NoSuchFileException goneMeanwhile) {
            return false;
        }
        return true;
    }

    /** The keys of uploads no chunk came to since the cutoff. */
    List<String> idleSince(Instant cutoff) throws IOException {
        List<String> idle = new ArrayList<>();
        try (Stream<Path> folders = Files.list(root)) {
            for (Path folder : folders.filter(Files::isDirectory).toList()) {
                try {
                    if (Files.getLastModifiedTime(folder).toInstant().isBefore(cutoff)) {
                        idle.add(folder.getFileName().toString());
                    }
                } catch (NoSuchFileException goneMeanwhile) {
                    // completed or cancelled since the listing
                }
            }
        }
        return idle;
    }

    private List<Path> parts(String key) throws IOException {
        try (Stream<Path> files = Files.list(root.resolve(key))) {
            return files.filter(file -> {
                String name = file.getFileName().toString();
                return name.startsWith(PART) && !name.endsWith(WRITING);
            }).sorted(Comparator.comparing(Path::getFileName)).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    private static String label(String key, String part) {
        return key + "/" + part;
    }

    /** The plaintext of parts one after the other. */
    private static final class Parts extends InputStream {
        private final Iterator<Path> parts;
        private final PartOpener opener;
        private InputStream current;

        Parts(Iterator<Path> parts, PartOpener opener) {
            this.parts = parts;
            this.opener = opener;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (true) {
                if (current == null) {
                    if (!parts.hasNext()) {
                        return -1;
                    }
                    current = opener.open(parts.next());
                }
                int read = current.read(bytes, offset, length);
                if (read > 0) {
                    return read;
                }
                if (read < 0) {
                    current.close();
                    current = null;
                }
            }
        }

        @Override
        public void close() throws IOException {
            if (current != null) {
                current.close();
                current = null;
            }
        }
    }

    @FunctionalInterface
    private interface PartOpener {
        InputStream open(Path part) throws IOException;
    }

    /** Writes to the encrypting stream and the tee alike. */
    static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }
    }
}
