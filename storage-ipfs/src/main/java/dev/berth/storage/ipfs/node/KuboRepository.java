package dev.berth.storage.ipfs.node;

import dev.berth.storage.ipfs.kubo.KuboClient;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Kubo repository (the folder {@code IPFS_PATH} names) and the {@code ipfs} binary that runs it:
 * its commands, its daemon, the lock a daemon holds on it and the address files a daemon writes.
 * {@link ManagedKubo} and the test fixture both start Kubo through it.
 *
 * @param binary the {@code ipfs} executable
 * @param folder the repository
 */
public record KuboRepository(Path binary, Path folder) {
    /** Bounds every {@code ipfs} command other than the daemon (init and config take well under a second). */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    /** How long one probe of a starting daemon's API may take. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    public KuboRepository {
        Objects.requireNonNull(binary, "binary");
        folder = Objects.requireNonNull(folder, "folder").toAbsolutePath();
    }

    /** Whether {@code ipfs init} has made the repository. */
    public boolean isInitialised() {
        return Files.isRegularFile(folder.resolve("config"));
    }

    /**
     * Whether a running daemon holds the repository's {@code repo.lock}. Kubo takes it as a POSIX
     * record lock, the kind {@link FileChannel#tryLock()} takes, so a failed try means another
     * process holds it; the try is let go at once.
     */
    public boolean isLocked() throws IOException {
        Path lockFile = folder.resolve("repo.lock");
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            return lock == null;
        } catch (OverlappingFileLockException heldByThisJvm) {
            return true;
        }
    }

    /** Runs {@code ipfs <args>} on this repository and returns its output; fails on a non-zero exit. */
    public String ipfs(String... args) throws IOException {
        String command = "ipfs " + String.join(" ", args);
        // Output goes to a file, not a pipe, so that a command that hangs cannot hang the caller past the bound.
        Path output = Files.createTempFile("berth-ipfs-", ".out");
        Process process = command(args).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command + " did not finish within " + COMMAND_TIMEOUT);
            }
            String text = Files.readString(output);
            if (process.exitValue() != 0) {
                throw new IOException(command + " failed (exit " + process.exitValue() + "): " + text.strip());
            }
            return text;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command, e);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /**
     * Starts {@code ipfs daemon <args>} with its output sent to {@code output}. The address files a
     * previous daemon left behind (after a kill) are removed first, so that {@link #awaitApi} sees
     * the new daemon's.
     */
    public Process startDaemon(ProcessBuilder.Redirect output, String... args) throws IOException {
        return startDaemon(output, Map.of(), args);
    }

    /** Like {@link #startDaemon(ProcessBuilder.Redirect, String...)}, with variables added to the daemon's environment. */
    public Process startDaemon(ProcessBuilder.Redirect output, Map<String, String> environment, String... args) throws IOException {
        Files.deleteIfExists(folder.resolve("api"));
        Files.deleteIfExists(folder.resolve("gateway"));
        String[] daemon = Stream.concat(Stream.of("daemon"), Stream.of(args)).toArray(String[]::new);
        ProcessBuilder builder = command(daemon).redirectErrorStream(true).redirectOutput(output);
        builder.environment().putAll(environment);
        return builder.start();
    }

    /**
     * Waits until the daemon has written its {@code api} file and answers there, and returns the API's
     * URL. Fails when the daemon exits first or does not answer within {@code timeout}; the daemon
     * is left as it is.
     */
    public URI awaitApi(Process daemon, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!daemon.isAlive()) {
                throw new IOException("Kubo exited with " + daemon.exitValue() + " while starting");
            }
            Optional<URI> api = api();
            if (api.isPresent() && answers(api.get())) {
                return api.get();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for Kubo to start", e);
            }
        }
        throw new IOException("Kubo did not answer within " + timeout);
    }

    /** The RPC API's URL from the {@code api} file a running daemon writes. */
    public Optional<URI> api() throws IOException {
        return addressFile("api").map(KuboRepository::httpUrl);
    }

    /** The gateway's URL from the {@code gateway} file a running daemon writes (already a URL). */
    public Optional<URI> gateway() throws IOException {
        return addressFile("gateway").map(URI::create);
    }

    /** {@code /ip4/127.0.0.1/tcp/5001} to {@code http://127.0.0.1:5001}. */
    static URI httpUrl(String multiaddr) {
        String[] parts = multiaddr.split("/");
        if (parts.length < 5 || !parts[1].equals("ip4") || !parts[3].equals("tcp")) {
            throw new IllegalStateException("unexpected Kubo API address " + multiaddr);
        }
        return URI.create("http://" + parts[2] + ":" + parts[4]);
    }

    private Optional<String> addressFile(String name) throws IOException {
        try {
            String content = Files.readString(folder.resolve(name)).strip();
            return content.isEmpty() ? Optional.empty() : Optional.of(content);
        } catch (NoSuchFileException notYet) {
            return Optional.empty();
        }
    }

    private static boolean answers(URI api) {
        try (KuboClient probe = KuboClient.builder().api(api).connectTimeout(PROBE_TIMEOUT).timeout(PROBE_TIMEOUT).build()) {
            probe.node().version();
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private ProcessBuilder command(String... args) {
        List<String> command = Stream.concat(Stream.of(binary.toString()), Stream.of(args)).toList();
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("IPFS_PATH", folder.toString());
        return builder;
    }
}
