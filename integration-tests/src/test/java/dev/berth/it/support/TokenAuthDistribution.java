package dev.berth.it.support;

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
import java.util.concurrent.TimeUnit;

/**
 * CNCF distribution (the pinned v3.1.1) as an upstream registry that asks for Docker token
 * authentication ({@code auth: token}) from a {@link TokenServer}, on its filesystem driver, on a
 * loopback port. Its log goes to integration-tests/target/{@code <name>}.log. It can be frozen
 * (SIGSTOP: connections are accepted by the kernel but never answered) and thawed, or stopped.
 */
public final class TokenAuthDistribution implements AutoCloseable {
    private final String name;
    private final Process process;
    private final int port;
    private final Path log;
    private volatile boolean frozen;

    private TokenAuthDistribution(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts distribution storing under {@code dir}, trusting the token server's tokens. */
    public static TokenAuthDistribution start(String name, Path dir, TokenServer tokens) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path config = Files.createDirectories(dir).resolve("config.yml");
        Files.writeString(config, """
                version: 0.1
                log:
                  level: info
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                auth:
                  token:
                    realm: %s
                    service: %s
                    issuer: %s
                    rootcertbundle: %s
                """.formatted(dir.resolve("data"), port, tokens.realm(), tokens.service(), tokens.issuer(),
                tokens.certificateBundle()));
        Path log = Files.createDirectories(Tools.REPOSITORY.resolve("integration-tests/target")).resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(Tools.path("distribution").toString(), "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // Distribution v3 exports OpenTelemetry traces to localhost:4318 unless told not to.
        builder.environment().put("OTEL_TRACES_EXPORTER", "none");
        Process process = builder.start();
        TokenAuthDistribution registry = new TokenAuthDistribution(name, process, port, log);
        registry.awaitChallenge(Duration.ofSeconds(60));
        return registry;
    }

    /** host:port, as clients name the registry. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    public URI url() {
        return URI.create("http://" + host());
    }

    public Path log() {
        return log;
    }

    /** Stops answering without closing its port: the process is suspended (SIGSTOP). */
    public void freeze() {
        signal("STOP");
        frozen = true;
    }

    /** Resumes a frozen registry (SIGCONT). */
    public void thaw() {
        signal("CONT");
        frozen = false;
    }

    private void signal(String signal) {
        Tools.run(List.of("kill", "-" + signal, Long.toString(process.pid())), Tools.REPOSITORY, Duration.ofSeconds(10));
    }

    /** Waits until {@code /v2/} answers 401 with a bearer challenge, as a token-protected registry does. */
    private void awaitChallenge(Duration timeout) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; log:\n" + Files.readString(log));
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url().resolve("/v2/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 401
                        && response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer ")) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        close();
        throw new IllegalStateException(name + " did not challenge on /v2/ within " + timeout + "; log:\n" + Files.readString(log));
    }

    /** Stops the registry (SIGTERM, then SIGKILL); a frozen one is thawed first so that it can exit. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        if (frozen) {
            thaw();
        }
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
}
