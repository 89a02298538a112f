package dev.berth.it.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A tiny registry for the replies a real one does not give on demand (a redirect of a blob to
 * another host, oversized or lying manifests, bodies that trickle or stop short, odd token realms).
 * It asks for basic auth (or, when told, a bearer token) on every path it serves on 127.0.0.1, and has a second server, "another host" on 127.0.0.2,
 * that asks for nothing and records the {@code Authorization} header of each request it gets.
 * Tests add the routes they need, by exact path.
 */
public final class EdgeCaseRegistry implements AutoCloseable {
    private final HttpServer registry;
    private final HttpServer otherHost;
    private final String expectedAuthorization;
    private volatile String acceptedBearer;
    private volatile String challenge = "Basic realm=\"edge\"";
    private final Map<String, HttpHandler> registryRoutes = new ConcurrentHashMap<>();
    private final Map<String, HttpHandler> otherHostRoutes = new ConcurrentHashMap<>();
    private final List<Optional<String>> otherHostAuthorizations = new CopyOnWriteArrayList<>();

    private EdgeCaseRegistry(String user, String password) throws IOException {
        this.expectedAuthorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.registry = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
        this.otherHost = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0), 16);
        registry.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        otherHost.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        registry.createContext("/", this::serveRegistry);
        otherHost.createContext("/", this::serveOtherHost);
        registryRoutes.put("/v2/", exchange -> reply(exchange, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8)));
        registry.start();
        otherHost.start();
    }

    /** Starts both servers; the registry takes the given user and password. */
    public static EdgeCaseRegistry start(String user, String password) throws IOException {
        return new EdgeCaseRegistry(user, password);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + registry.getAddress().getPort());
    }

    public URI otherHostUrl() {
        return URI.create("http://127.0.0.2:" + otherHost.getAddress().getPort());
    }

    /**
     * From now on, challenges for a token from {@code realm} (service {@code edge}) and also takes
     * {@code Bearer <token>}. The realm is a route the test serves, usually on the other host.
     */
    public void askForBearer(URI realm, String token) {
        acceptedBearer = "Bearer " + token;
        challenge = "Bearer realm=\"" + realm + "\",service=\"edge\"";
    }

    /** Serves a path of the registry, behind basic auth. */
    public void route(String path, HttpHandler handler) {
        registryRoutes.put(path, handler);
    }

    /** Serves a path of the other host, without auth. */
    public void otherHostRoute(String path, HttpHandler handler) {
        otherHostRoutes.put(path, handler);
    }

    /** The {@code Authorization} header of every request the other host got, in order (empty: none). */
    public List<Optional<String>> otherHostAuthorizations() {
        return List.copyOf(otherHostAuthorizations);
    }

    /** Answers with a status, a content type and a body of known length. */
    public static void reply(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head) {
            exchange.getResponseBody().write(body);
        }
    }

    private void serveRegistry(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (!expectedAuthorization.equals(authorization) && (acceptedBearer == null || !acceptedBearer.equals(authorization))) {
                exchange.getResponseHeaders().set("WWW-Authenticate", challenge);
                reply(exchange, 401, "application/json",
                        "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"log in\"}]}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            route(registryRoutes, exchange);
        }
    }

    private void serveOtherHost(HttpExchange exchange) throws IOException {
        try (exchange) {
            otherHostAuthorizations.add(Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")));
            route(otherHostRoutes, exchange);
        }
    }

    private static void route(Map<String, HttpHandler> routes, HttpExchange exchange) throws IOException {
        HttpHandler handler = routes.get(exchange.getRequestURI().getPath());
        if (handler == null) {
            reply(exchange, 404, "application/json",
                    "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"no such route\"}]}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        handler.handle(exchange);
    }

    @Override
    public void close() {
        registry.stop(0);
        otherHost.stop(0);
    }
}
