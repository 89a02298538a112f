package dev.berth.registry.fuzz;

import dev.berth.registry.BerthRegistryApplication;
import dev.berth.storage.ipfs.testing.KuboNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Berth's standalone application started in this JVM on a free loopback port, over one storage
 * driver, with the client and the invariants that go with it. IPFS runs on a Kubo node of its own.
 */
final class FuzzedRegistry implements AutoCloseable {
    private final String name;
    private final ConfigurableApplicationContext context;
    private final Optional<KuboNode> kubo;
    private final RawHttp http;
    private final Invariants invariants;
    private final Findings findings;

    private FuzzedRegistry(String name, ConfigurableApplicationContext context, Optional<KuboNode> kubo, LeakPatterns leaks) {
        this.name = name;
        this.context = context;
        this.kubo = kubo;
        this.http = new RawHttp(port());
        this.invariants = new Invariants(leaks);
        this.findings = new Findings(name);
    }

    static FuzzedRegistry inMemory(String name, Map<String, String> more) {
        Map<String, String> properties = new HashMap<>(more);
        properties.put("berth.storage.driver", "inmemory");
        return start(name, properties, Optional.empty(), LeakPatterns.standard());
    }

    static FuzzedRegistry filesystem(String name) {
        Path root = Path.of("target", "fuzz-storage", UUID.randomUUID().toString()).toAbsolutePath();
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return start(name, Map.of("berth.storage.driver", "filesystem", "berth.storage.filesystem.root", root.toString()),
                Optional.empty(), LeakPatterns.standard().plus(root.toString(), "fuzz-storage"));
    }

    static FuzzedRegistry ipfs(String name) {
        KuboNode node;
        try {
            node = KuboNode.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        URI api = node.api();
        URI gateway = node.gateway();
        LeakPatterns leaks = LeakPatterns.standard().plus(api.getAuthority(), "localhost:" + api.getPort(), gateway.getAuthority(),
                node.repo().toString(), node.peerId());
        try {
            return start(name, Map.of("berth.storage.driver", "ipfs", "berth.storage.ipfs.api", api.toString()), Optional.of(node), leaks);
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    private static FuzzedRegistry start(String name, Map<String, String> storage, Optional<KuboNode> kubo, LeakPatterns leaks) {
        Map<String, String> properties = new HashMap<>(storage);
        properties.put("server.port", "0");
        properties.put("server.address", "127.0.0.1");
        properties.put("spring.main.banner-mode", "off");
        // Errors (a 500's stack trace) stay in the log; the info line of every push would drown them.
        properties.put("logging.level.root", "WARN");
        // As arguments, so that they win over the application's own application.properties.
        String[] arguments = properties.entrySet().stream().map(p -> "--" + p.getKey() + "=" + p.getValue()).toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(BerthRegistryApplication.class).run(arguments);
        return new FuzzedRegistry(name, context, kubo, leaks);
    }

    int port() {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    /** Sends the request and holds the response to every invariant; a violation fails (see {@link Findings}). */
    Exchange send(Request request) {
        Exchange exchange = http.send(request);
        findings.report(exchange, invariants.check(exchange));
        return exchange;
    }

    /** Sends the request without holding it to the invariants: for setting up a test's state. */
    Exchange sendUnchecked(Request request) {
        return http.send(request);
    }

    /** Records violations found by a test's own checks of an exchange, as {@link #send} does for the invariants. */
    void report(Exchange exchange, Violation violation) {
        findings.report(exchange, java.util.List.of(violation));
    }

    Findings findings() {
        return findings;
    }

    String name() {
        return name;
    }

    @Override
    public void close() {
        http.close();
        context.close();
        kubo.ifPresent(KuboNode::close);
    }
}
