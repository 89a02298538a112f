package dev.berth.it.support;

import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A DNS server on a loopback port serving only the TXT records given: dnsmasq, unprivileged, with no
 * upstream, no hosts file and no configuration file. Its log goes to integration-tests/target.
 */
public final class LocalDns implements AutoCloseable {
    private final Process process;
    private final int port;

    private LocalDns(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Serves each name's TXT values (a name may have several). dnsmasq listens on UDP and TCP: a port
     * found free for UDP may be taken for TCP, or by then, so a start that finds its port taken tries another.
     */
    public static LocalDns serving(String logName, Map<String, List<String>> txtRecords) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return start(logName, txtRecords);
            } catch (IllegalStateException e) {
                if (attempt == 5 || !String.valueOf(e.getMessage()).contains("Address already in use")) {
                    throw e;
                }
            }
        }
    }

    private static LocalDns start(String logName, Map<String, List<String>> txtRecords) throws IOException {
        int port;
        try (DatagramSocket socket = new DatagramSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Tools.path("dnsmasq").toString(), "--no-daemon", "--no-resolv",
                "--no-hosts", "--conf-file=/dev/null", "--pid-file=", "--listen-address=127.0.0.1", "--bind-interfaces",
                "--port=" + port, "--log-queries"));
        txtRecords.forEach((name, values) -> values.forEach(value -> command.add("--txt-record=" + name + "," + value)));
        Path log = Files.createDirectories(Tools.REPOSITORY.resolve("integration-tests/target")).resolve(logName + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LocalDns dns = new LocalDns(process, port);
        dns.awaitStarted(log, Duration.ofSeconds(20));
        return dns;
    }

    /** {@code 127.0.0.1:<port>}, as {@code berth.dns.resolver} takes it. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    private void awaitStarted(Path log, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("dnsmasq exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            if (Files.readString(log).contains("started")) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        close();
        throw new IllegalStateException("dnsmasq did not start within " + timeout + ":\n" + Files.readString(log));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
