package dev.berth.registry.encryption;

import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.DigestAlgorithm;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Random;

/**
 * Throughput of blob encryption and decryption in memory, against hashing alone (what a registry
 * does to every blob anyway). Not a test: run it by hand,
 * {@code java -cp <test classpath> dev.berth.registry.encryption.EncryptionBenchmark [MiB] [rounds]}.
 */
public final class EncryptionBenchmark {
    private static final int CHUNK = 64 * 1024;

    public static void main(String[] args) throws Exception {
        int mebibytes = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        byte[] plaintext = new byte[mebibytes << 20];
        new Random(1).nextBytes(plaintext);
        BlobCipher cipher = new BlobCipher(Keyset.generate());
        System.out.printf(Locale.ROOT, "%d MiB, Java %s, %d cores, %d KiB segments, best of %d rounds after a warm-up%n",
                mebibytes, Runtime.version(), Runtime.getRuntime().availableProcessors(),
                BlobFormat.CIPHERTEXT_SEGMENT_SIZE / 1024, rounds);
        // The JIT compiles AES-GCM's intrinsics only after a while; a registry runs long past that.
        new EncryptionBenchmark(plaintext, cipher, 1, false).run();
        new EncryptionBenchmark(plaintext, cipher, rounds, true).run();
    }

    private final byte[] plaintext;
    private final Digest digest;
    private final BlobCipher cipher;
    private final int rounds;
    private final boolean report;

    private EncryptionBenchmark(byte[] plaintext, BlobCipher cipher, int rounds, boolean report) {
        this.plaintext = plaintext;
        this.digest = Digest.of(DigestAlgorithm.SHA256, plaintext);
        this.cipher = cipher;
        this.rounds = rounds;
        this.report = report;
    }

    private void run() throws Exception {
        byte[][] ciphertexts = new byte[EncryptionMode.values().length][];
        measure("sha256 alone (baseline)", () -> {
            MessageDigest hash = MessageDigest.getInstance("SHA-256");
            for (int at = 0; at < plaintext.length; at += CHUNK) {
                hash.update(plaintext, at, Math.min(CHUNK, plaintext.length - at));
            }
            hash.digest();
        });
        measure("encrypt staged (random key, no digest check)", () -> write(cipher.encryptStaged(sink(), "upload")));
        for (EncryptionMode mode : EncryptionMode.values()) {
            measure("encrypt " + name(mode) + " (with its digest check)", () -> {
                ByteSink sink = sink();
                write(cipher.encrypt(sink, digest, mode));
                ciphertexts[mode.ordinal()] = sink.bytes;
            });
        }
        for (EncryptionMode mode : EncryptionMode.values()) {
            byte[] ciphertext = ciphertexts[mode.ordinal()];
            measure("decrypt " + name(mode) + ", whole stream",
                    () -> drain(cipher.decrypt(new ByteArrayInputStream(ciphertext), digest)));
            CiphertextSource source = (offset, length) -> new ByteArrayInputStream(ciphertext, (int) offset, (int) length);
            measure("decrypt " + name(mode) + ", seekable (one range of all)",
                    () -> drain(cipher.decryptRange(source, ciphertext.length, mode, digest, 0, plaintext.length)));
        }
    }

    private ByteSink sink() {
        return new ByteSink(Math.max(BlobCipher.ciphertextSize(EncryptionMode.RANDOM, plaintext.length),
                BlobCipher.ciphertextSize(EncryptionMode.CONVERGENT, plaintext.length)));
    }

    private void write(BlobEncryptingStream out) throws IOException {
        try (out) {
            for (int at = 0; at < plaintext.length; at += CHUNK) {
                out.write(plaintext, at, Math.min(CHUNK, plaintext.length - at));
            }
        }
    }

    private static String name(EncryptionMode mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }

    private void measure(String what, Work work) throws Exception {
        long best = Long.MAX_VALUE;
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            work.run();
            best = Math.min(best, System.nanoTime() - start);
        }
        if (report) {
            System.out.printf(Locale.ROOT, "%-52s %8.0f MiB/s%n", what, (plaintext.length >> 20) / (best / 1e9));
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[CHUNK];
        try (in) {
            while (in.read(buffer) >= 0) {
                // only the throughput counts
            }
        }
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    /** An output stream into one array of the known final size, so that no copying is measured. */
    private static final class ByteSink extends OutputStream {
        private final byte[] bytes;
        private int size;

        ByteSink(long capacity) {
            this.bytes = new byte[Math.toIntExact(capacity)];
        }

        @Override
        public void write(int b) {
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] source, int offset, int length) {
            System.arraycopy(source, offset, bytes, size, length);
            size += length;
        }
    }
}
