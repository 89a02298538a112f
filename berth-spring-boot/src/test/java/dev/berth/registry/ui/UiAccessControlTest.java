package dev.berth.registry.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The UI under basic auth without anonymous pull, with the API's rules: alice pulls and deletes
 * everywhere (an administrator); bob pulls team-a only. Each password is the user's name reversed.
 */
@SpringBootTest(classes = UiAccessControlTest.Registry.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "berth.auth.mode=basic")
class UiAccessControlTest {
    private static final Path HTPASSWD = users("alice", "bob");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void rules(DynamicPropertyRegistry properties) {
        properties.add("berth.auth.htpasswd", HTPASSWD::toString);
        String[][] rules = {{"**", "alice", "pull,push,delete"}, {"team-a/**", "bob", "pull"}};
        for (int i = 0; i < rules.length; i++) {
            String[] rule = rules[i];
            properties.add("berth.auth.rules[" + i + "].repository", () -> rule[0]);
            properties.add("berth.auth.rules[" + i + "].users", () -> rule[1]);
            properties.add("berth.auth.rules[" + i + "].actions", () -> rule[2]);
        }
    }

    @BeforeEach
    void images() {
        TestImages alice = new TestImages(port, basic("alice"));
        alice.image("team-a/app", "v1", "amd64", "team a");
        alice.image("team-b/app", "v1", "amd64", "team b");
    }

    @Test
    void everyPageButTheLoginAsksForOneAndAWrongPasswordIsRefused() {
        Browserless browser = new Browserless(port);
        for (String page : new String[] {"/", "/repositories/team-a/app", "/images/team-a/app:v1", "/remote", "/node"}) {
            HttpResponse<String> response = browser.get(page);
            assertThat(response.statusCode()).as(page).isEqualTo(302);
            assertThat(response.headers().firstValue("Location")).as(page).hasValueSatisfying(location -> assertThat(location).endsWith("/login"));
        }
        assertThat(browser.get("/login").body()).contains("name=\"username\"", "name=\"password\"");

        HttpResponse<String> wrong = browser.logIn("alice", "guess");
        assertThat(wrong.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/login?error"));
        assertThat(browser.get("/").statusCode()).isEqualTo(302);
    }

    @Test
    void aUserSeesOnlyWhatTheRulesLetHimPullAndNoDeleteWithoutTheRight() {
        Browserless bob = new Browserless(port);
        assertThat(bob.logIn("bob", password("bob")).statusCode()).isEqualTo(302);

        String home = bob.get("/").body();
        assertThat(home).contains("href=\"/repositories/team-a/app\"", ">bob<").doesNotContain("team-b");
        assertThat(home).doesNotContain("Published on IPFS").doesNotContain("href=\"/node\"");
        String repository = bob.get("/repositories/team-a/app").body();
        assertThat(repository).contains("href=\"/images/team-a/app:v1\"").doesNotContain("Delete");
        assertThat(bob.get("/images/team-a/app:v1").body()).doesNotContain("Delete this manifest");
        assertThat(bob.get("/repositories/team-b/app").statusCode()).isEqualTo(403);
        assertThat(bob.get("/images/team-b/app:v1").statusCode()).isEqualTo(403);
        assertThat(bob.get("/node").statusCode()).isEqualTo(403);

        HttpResponse<String> delete = bob.post("/delete", Map.of("repository", "team-a/app", "tag", "v1"), repository);
        assertThat(delete.statusCode()).isEqualTo(403);
        assertThat(bob.get("/repositories/team-a/app").body()).contains("href=\"/images/team-a/app:v1\"");
    }

    @Test
    void anAdministratorSeesEverythingDeletesAndRunsADryRun() {
        Browserless alice = new Browserless(port);
        alice.logIn("alice", password("alice"));
        assertThat(alice.get("/").body()).contains("team-a/app", "team-b/app", "href=\"/node\"");
        assertThat(alice.get("/repositories/team-b/app").body()).contains("Delete tag v1");
        String node = alice.get("/node").body();
        assertThat(node).contains("Dry run now");
        assertThat(alice.post("/node/gc", Map.of(), node).statusCode()).isEqualTo(302);
        assertThat(alice.get("/node").body()).contains("Dry run finished");

        HttpResponse<String> out = alice.post("/logout", Map.of(), alice.get("/").body());
        assertThat(out.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/login?logout"));
        assertThat(alice.get("/").statusCode()).isEqualTo(302);
    }

    @Test
    void theApiKeepsItsOwnChallengeAndAUiSessionOpensNothingThere() {
        Browserless alice = new Browserless(port);
        alice.logIn("alice", password("alice"));
        HttpResponse<String> api = alice.get("/v2/_catalog");
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.headers().allValues("WWW-Authenticate")).containsExactly("Basic realm=\"berth\"");
        assertThat(api.body()).contains("\"UNAUTHORIZED\"");
        assertThat(alice.get("/login").body()).doesNotContain("$2a$").doesNotContain(HTPASSWD.toString());
    }

    static String password(String user) {
        return new StringBuilder(user).reverse().toString();
    }

    static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password(user)).getBytes(StandardCharsets.UTF_8));
    }

    private static Path users(String... names) {
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
        try {
            Path file = Files.createTempFile("berth-ui-users", ".htpasswd");
            Files.write(file, java.util.Arrays.stream(names).map(name -> name + ":" + bcrypt.encode(password(name))).toList());
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Registry {
    }
}
