package dev.berth.it.support;

import dev.berth.storage.ipfs.testing.KuboNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A registry running as its own process on a loopback port, as users run it: Berth's standalone jar
 * or, as a baseline, CNCF distribution. Its output goes to a log file under target/.
 */
public final class RegistryProcess implements AutoCloseable {
    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Process process;
    private final int port;
    private final Path log;
    private final boolean tls;

    private RegistryProcess(String name, List<String> command, Map<String, String> environment, Process process, int port,
                            Path log, boolean tls) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.process = process;
        this.port = port;
        this.log = log;
        this.tls = tls;
    }

    /** Berth's standalone jar with the given command-line arguments (such as --berth.storage.driver=filesystem). */
    public static RegistryProcess berth(String name, List<String> arguments) throws IOException {
        return springBootJar(name, berthJar(), arguments);
    }

    /** Berth's standalone jar with extra environment variables (such as a key-encryption key) and arguments. */
    public static RegistryProcess berth(String name, Map<String, String> environment, List<String> arguments)
            throws IOException {
        return springBootJar(name, berthJar(), environment, arguments);
    }

    /** Any Spring Boot application's executable jar serving a registry, with the given command-line arguments. */
    public static RegistryProcess springBootJar(String name, Path jar, List<String> arguments) throws IOException {
        return springBootJar(name, jar, java.util.Map.of(), arguments);
    }

    private static RegistryProcess springBootJar(String name, Path jar, Map<String, String> environment, List<String> arguments)
            throws IOException {
        int port = freePort();
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString(), "--server.port=" + port));
        command.addAll(arguments);
        boolean tls = arguments.stream().anyMatch(argument -> argument.startsWith("--server.ssl.bundle="));
        return start(name, command, environment, port, Files.createDirectories(Tools.REPOSITORY.resolve("integration-tests/target")), tls);
    }

    /** Berth's standalone jar on the IPFS driver over the given Kubo node, with further arguments. */
    public static RegistryProcess berthOnIpfs(String name, KuboNode kubo, String... arguments) throws IOException {
        List<String> all = new java.util.ArrayList<>(List.of("--berth.storage.driver=ipfs", "--berth.storage.ipfs.api=" + kubo.api()));
        all.addAll(List.of(arguments));
        return berth(name, all);
    }

    /** CNCF distribution on its filesystem driver, deletes enabled. */
    public static RegistryProcess distribution(String name, Path root) throws IOException {
        int port = freePort();
        Path config = Files.createDirectories(root).resolve("config.yml");
        Files.writeString(config, """
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                """.formatted(root.resolve("data"), port));
        return start(name, List.of(Tools.path("distribution").toString(), "serve", config.toString()), java.util.Map.of(), port,
                Files.createDirectories(Tools.REPOSITORY.resolve("integration-tests/target")), false);
    }

    private static RegistryProcess start(String name, List<String> command, Map<String, String> environment, int port,
                                         Path logDir, boolean tls) throws IOException {
        Path log = logDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        RegistryProcess registry = new RegistryProcess(name, command, environment, process, port, log, tls);
        registry.awaitReady(Duration.ofSeconds(180)); // a JVM starting on a busy machine
        return registry;
    }

    /** host:port, as clients name the registry. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    public URI url() {
        return URI.create((tls ? "https://" : "http://") + host());
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /**
     * Waits until the registry answers: {@code /v2/} with 200, or 401 when it asks clients to log in.
     * Over TLS (an SSL bundle among the arguments) it waits for the port instead, since the server
     * opens its port only once it is started and the probe does not hold the certificate.
     */
    private void awaitReady(Duration timeout) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; log:\n" + Files.readString(log));
            }
            try {
                if (tls) {
                    new java.net.Socket("127.0.0.1", port).close();
                    return;
                }
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(url().resolve("/v2/")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200 || response.statusCode() == 401) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        close();
        throw new IllegalStateException(name + " did not answer /v2/ within " + timeout + "; log:\n" + Files.readString(log));
    }

    /** Kills the process at once (SIGKILL), as a crash or an out-of-memory kill would, and waits for it to end. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " did not end after SIGKILL");
        }
    }

    /** The same command started again on the same port, once this process has ended; its log is {@code name}'s. */
    public RegistryProcess restart(String newName) throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running; kill or close it first");
        }
        return start(newName, command, environment, port, log.getParent(), tls);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static Path berthJar() throws IOException {
        Path target = Tools.REPOSITORY.resolve("registry-app/target");
        try (var jars = Files.list(target)) {
            return jars.filter(p -> p.getFileName().toString().matches("registry-app-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().endsWith("-plain.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no registry-app jar in " + target + "; build it first"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
