package dev.berth.registry.security;

import dev.berth.registry.testing.RawHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A registry with access control, over a real socket. Users: alice pulls everything and pushes
 * and deletes in team-a; bob pulls team-a; dave pulls and pushes team-b; everyone who logs in
 * pulls library/*. Each password is the user's name reversed.
 */
abstract class SecuredRegistryTest {
    static final Path HTPASSWD = writeUsers("alice", "bob", "dave");

    @LocalServerPort
    int port;

    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @DynamicPropertySource
    static void users(DynamicPropertyRegistry properties) {
        properties.add("berth.auth.htpasswd", HTPASSWD::toString);
        String[][] rules = {
                {"**", "alice", "pull"}, {"team-a/**", "alice", "push,delete"}, {"team-a/**", "bob", "pull"},
                {"team-b/**", "dave", "pull,push"}, {"library/*", "*", "pull"}};
        for (int i = 0; i < rules.length; i++) {
            String[] rule = rules[i];
            properties.add("berth.auth.rules[" + i + "].repository", () -> rule[0]);
            properties.add("berth.auth.rules[" + i + "].users", () -> rule[1]);
            properties.add("berth.auth.rules[" + i + "].actions", () -> rule[2]);
        }
    }

    static String password(String user) {
        return new StringBuilder(user).reverse().toString();
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String basic(String user) {
        return basic(user, password(user));
    }

    HttpResponse<String> send(String method, String path, String... headers) {
        return send(method, path, new byte[0], headers);
    }

    HttpResponse<String> send(String method, String path, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Pushes a small blob in one request; the answer tells whether the push was allowed. */
    HttpResponse<String> pushBlob(String repository, String... headers) {
        byte[] blob = ("a blob for " + repository).getBytes(StandardCharsets.UTF_8);
        return send("POST", "/v2/" + repository + "/blobs/uploads/?digest=" + sha256(blob), blob,
                withContentType(headers));
    }

    static String sha256(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String errorCode(HttpResponse<String> response) {
        JsonNode errors = JsonMapper.builder().build().readTree(response.body()).get("errors");
        return errors.get(0).get("code").asString();
    }

    static JsonNode json(HttpResponse<String> response) {
        return JsonMapper.builder().build().readTree(response.body());
    }

    private static String[] withContentType(String... headers) {
        String[] all = java.util.Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = "Content-Type";
        all[headers.length + 1] = "application/octet-stream";
        return all;
    }

    private static Path writeUsers(String... names) {
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
        try {
            Path file = Files.createTempFile("berth-users", ".htpasswd");
            Files.write(file, java.util.Arrays.stream(names).map(name -> name + ":" + bcrypt.encode(password(name))).toList());
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An application with nothing but Berth's auto-configuration. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Registry {
    }

    String statusLineBeforeTheBodyIsSent(String method, String path) throws IOException {
        return new RawHttp(port).statusLineBeforeTheBodyIsSent(method, path, "application/x-www-form-urlencoded");
    }

    /** Sends a request as written, byte for byte, for targets that java.net.URI refuses (such as a malformed escape). */
    RawHttp.Response raw(String method, String target, String... headerLines) throws IOException {
        return new RawHttp(port).send(method, target, headerLines);
    }

    static List<String> challengeOf(HttpResponse<String> response) {
        return response.headers().allValues("WWW-Authenticate");
    }
}
