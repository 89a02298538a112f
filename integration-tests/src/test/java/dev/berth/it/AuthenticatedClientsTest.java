package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.it.support.RegistryProcess;
import dev.berth.it.support.RunningRegistry;
import dev.berth.it.support.Tools;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * crane and skopeo logging in to Berth's jar: basic auth without anonymous pull, and token auth
 * (Berth as the token server) with anonymous pull, both with the README's rules: alice pulls,
 * pushes and deletes everywhere; bob only pulls, below team/.
 */
class AuthenticatedClientsTest {
    /** Shown in the README, letter for letter (ReadmeExamplesTest). */
    static final String EXAMPLE = "integration-tests/src/test/resources/readme/berth-auth.properties";

    /** The README's example configuration with the users made here; the basic registry turns anonymous pull off. */
    @RegisterExtension
    static final RunningRegistry BASIC = new RunningRegistry(() -> berth("basic", "--berth.auth.mode=basic", "--berth.auth.anonymous-pull=false"));
    @RegisterExtension
    static final RunningRegistry TOKEN = new RunningRegistry(() -> berth("token"));

    @TempDir
    Path work;

    @Test
    void basicAuthCraneLogsInToPushAndPullAndAUserWithoutPushIsRefused() throws IOException {
        String image = BASIC.get().host() + "/team/app:1";
        Map<String, String> alice = craneLogin(BASIC.get(), "alice");
        Tools.tool(alice, "crane", work, "append", "-f", layer("alice.txt").toString(), "-t", image);
        String digest = Tools.tool(alice, "crane", work, "digest", image).strip();

        Map<String, String> bob = craneLogin(BASIC.get(), "bob");
        assertEquals(digest, Tools.tool(bob, "crane", work, "digest", image).strip(), "bob pulls what alice pushed");
        Tools.Result refused = Tools.tryTool(bob, "crane", work, "append", "-f", layer("bob.txt").toString(), "-t", BASIC.get().host() + "/team/bob:1");
        assertNotEquals(0, refused.exitCode());
        assertTrue(refused.stderr().contains("DENIED"), refused.stderr());

        Tools.Result anonymous = Tools.tryTool(anonymous(), "crane", work, "digest", image);
        assertNotEquals(0, anonymous.exitCode(), "no anonymous pull here");
        assertTrue(anonymous.stderr().contains("UNAUTHORIZED"), anonymous.stderr());
    }

    @Test
    void basicAuthSkopeoCopiesWithSourceAndDestinationCredentials() throws IOException {
        String source = "docker://" + BASIC.get().host() + "/team/skopeo-source:1";
        Tools.tool(craneLogin(BASIC.get(), "alice"), "crane", work, "append", "-f", layer("skopeo.txt").toString(), "-t", source.substring("docker://".length()));
        String target = "docker://" + BASIC.get().host() + "/team/skopeo-copy:1";

        Tools.tool(noStoredCredentials(), "skopeo", work, "copy", "--src-tls-verify=false", "--dest-tls-verify=false", "--src-creds", creds("bob"),
                "--dest-creds", creds("alice"), source, target);
        assertTrue(Tools.tool(noStoredCredentials(), "skopeo", work, "inspect", "--tls-verify=false", "--creds", creds("bob"), target).contains("\"Digest\""));

        Tools.Result refused = Tools.tryTool(noStoredCredentials(), "skopeo", work, "copy", "--src-tls-verify=false", "--dest-tls-verify=false", "--src-creds", creds("bob"),
                "--dest-creds", creds("bob"), source, "docker://" + BASIC.get().host() + "/team/by-bob:1");
        assertNotEquals(0, refused.exitCode());
        assertTrue(refused.stderr().toLowerCase().contains("denied"), refused.stderr());
        Tools.Result anonymous = Tools.tryTool(noStoredCredentials(), "skopeo", work, "inspect", "--tls-verify=false", target);
        assertNotEquals(0, anonymous.exitCode());
        assertTrue(anonymous.stderr().toLowerCase().contains("unauthorized"), anonymous.stderr());
    }

    @Test
    void tokenAuthClientsGetTokensFromBerthAndAnonymousClientsMayOnlyPull() throws IOException {
        String image = TOKEN.get().host() + "/team/app:1";
        Map<String, String> alice = craneLogin(TOKEN.get(), "alice");
        Tools.tool(alice, "crane", work, "append", "-f", layer("token.txt").toString(), "-t", image);
        String digest = Tools.tool(alice, "crane", work, "digest", image).strip();

        assertEquals(digest, Tools.tool(anonymous(), "crane", work, "digest", image).strip(), "anonymous pull is on");
        Tools.Result anonymousPush = Tools.tryTool(anonymous(), "crane", work, "append", "-f", layer("anon.txt").toString(), "-t", TOKEN.get().host() + "/team/anon:1");
        assertNotEquals(0, anonymousPush.exitCode());
        assertTrue(anonymousPush.stderr().contains("UNAUTHORIZED"), anonymousPush.stderr());
        Tools.Result bobPush = Tools.tryTool(craneLogin(TOKEN.get(), "bob"), "crane", work, "append", "-f", layer("bob.txt").toString(), "-t", TOKEN.get().host() + "/team/bob:1");
        assertNotEquals(0, bobPush.exitCode());
        assertTrue(bobPush.stderr().contains("DENIED"), bobPush.stderr());

        String copy = "docker://" + TOKEN.get().host() + "/team/skopeo-copy:1";
        Tools.tool(noStoredCredentials(), "skopeo", work, "copy", "--src-tls-verify=false", "--dest-tls-verify=false", "--dest-creds", creds("alice"), "docker://" + image, copy);
        assertTrue(Tools.tool(noStoredCredentials(), "skopeo", work, "inspect", "--tls-verify=false", copy).contains("\"Digest\""), "anonymous skopeo pulls with a token of its own");
    }

    @Test
    void probesAndMetricsNeedNoLogin() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("/actuator/health/readiness", "/actuator/prometheus")) {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(BASIC.get().url() + path)).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertEquals(200, response.statusCode(), path);
        }
    }

    private static RegistryProcess berth(String name, String... arguments) throws IOException {
        Path dir = Files.createTempDirectory("berth-auth-" + name);
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
        Path htpasswd = Files.write(dir.resolve("htpasswd"), Stream.of("alice", "bob")
                .map(user -> user + ":" + bcrypt.encode(password(user))).toList());
        List<String> all = new ArrayList<>(List.of("--spring.config.additional-location=file:" + Tools.REPOSITORY.resolve(EXAMPLE),
                "--berth.storage.driver=filesystem", "--berth.storage.filesystem.root=" + dir.resolve("data"),
                "--berth.auth.htpasswd=" + htpasswd));
        all.addAll(List.of(arguments));
        return RegistryProcess.berth("auth-" + name, all);
    }

    private static String password(String user) {
        return user + "-password";
    }

    private static String creds(String user) {
        return user + ":" + password(user);
    }


    private Path layer(String file) throws IOException {
        return Tools.tarOfOneFile(work, file, "written by " + file + "\n");
    }

    /** An empty Docker configuration: no credentials at all. */
    private Map<String, String> anonymous() throws IOException {
        return Map.of("DOCKER_CONFIG", Files.createTempDirectory(work, "docker-anonymous").toString());
    }

    /** A Docker configuration of its own, logged in with {@code crane auth login}. */
    private Map<String, String> craneLogin(RegistryProcess registry, String user) throws IOException {
        Map<String, String> environment = Map.of("DOCKER_CONFIG", Files.createTempDirectory(work, "docker-" + user).toString());
        Tools.tool(environment, "crane", work, "auth", "login", registry.host(), "-u", user, "-p", password(user));
        return environment;
    }





    /** For skopeo: an auth file of its own, so that no credentials but the ones given are used. */
    private Map<String, String> noStoredCredentials() {
        return Map.of("REGISTRY_AUTH_FILE", work.resolve("skopeo-auth.json").toString());
    }
}
