package dev.berth.it.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * nginx (Debian's, installed by scripts/install-nginx.sh) as a reverse proxy in front of a registry,
 * rate limiting requests as Docker Hub does: past the allowance ({@code limit_req}), it answers
 * {@code 429} with {@code Retry-After} and a registry error body ({@code TOOMANYREQUESTS}). It runs
 * as one unprivileged process ({@code master_process off}, {@code daemon off}) on a loopback port,
 * with its configuration, pid, logs and temporary files in a folder of its own.
 */
public final class RateLimitingNginx implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path errorLog;

    private RateLimitingNginx(Process process, int port, Path errorLog) {
        this.process = process;
        this.port = port;
        this.errorLog = errorLog;
    }

    /**
     * Starts nginx proxying to {@code upstream}.
     *
     * @param rate nginx's {@code limit_req_zone} rate, such as {@code 1r/m}
     * @param burst requests allowed beyond the rate at once ({@code nodelay}: they are not queued); 0 for none
     * @param retryAfterSeconds the {@code Retry-After} of a refused request
     */
    public static RateLimitingNginx inFrontOf(Path dir, URI upstream, String rate, int burst, int retryAfterSeconds)
            throws IOException {
        if (!rate.matches("[0-9]+r/[sm]")) {
            throw new IllegalArgumentException("an nginx rate is <n>r/s or <n>r/m: " + rate);
        }
        Path root = Files.createDirectories(dir);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path config = root.resolve("nginx.conf");
        Files.writeString(config, """
                daemon off;
                master_process off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log info;
                events {
                  worker_connections 64;
                }
                http {
                  access_log %1$s/access.log;
                  client_body_temp_path %1$s/client-body;
                  proxy_temp_path %1$s/proxy;
                  fastcgi_temp_path %1$s/fastcgi;
                  uwsgi_temp_path %1$s/uwsgi;
                  scgi_temp_path %1$s/scgi;
                  limit_req_zone $binary_remote_addr zone=upstream:1m rate=%2$s;
                  limit_req_status 429;
                  server {
                    listen 127.0.0.1:%3$d;
                    client_max_body_size 0;
                    location / {
                      limit_req zone=upstream%4$s;
                      error_page 429 = @too_many_requests;
                      proxy_pass %5$s;
                      proxy_http_version 1.1;
                      proxy_set_header Host $http_host;
                      proxy_buffering off;
                      proxy_request_buffering off;
                    }
                    location @too_many_requests {
                      default_type application/json;
                      add_header Retry-After %6$d always;
                      return 429 '{"errors":[{"code":"TOOMANYREQUESTS","message":"You have reached your pull rate limit."}]}';
                    }
                  }
                }
                """.formatted(root, rate, port, burst > 0 ? " burst=" + burst + " nodelay" : "", upstream, retryAfterSeconds));
        Path nginx = Path.of(Tools.run(List.of(Tools.REPOSITORY.resolve("scripts/install-nginx.sh").toString()),
                Tools.REPOSITORY, Duration.ofMinutes(10)).stdout().strip());
        Path errorLog = root.resolve("error.log");
        Process process = new ProcessBuilder(nginx.toString(), "-p", root.toString(), "-c", config.toString(), "-e", "stderr")
                .redirectErrorStream(true).redirectOutput(root.resolve("nginx.out").toFile()).start();
        RateLimitingNginx proxy = new RateLimitingNginx(process, port, errorLog);
        proxy.awaitListening(root, Duration.ofSeconds(20));
        return proxy;
    }

    /** host:port, as clients name the proxied registry. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    public URI url() {
        return URI.create("http://" + host());
    }

    /** Waits for the port by connecting only, so that no request counts against the allowance. */
    private void awaitListening(Path root, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited with " + process.exitValue() + ":\n"
                        + Files.readString(root.resolve("nginx.out")) + readIfExists(errorLog));
            }
            try {
                new Socket("127.0.0.1", port).close();
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
        }
        close();
        throw new IllegalStateException("nginx did not listen within " + timeout + ":\n" + readIfExists(errorLog));
    }

    private static String readIfExists(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
