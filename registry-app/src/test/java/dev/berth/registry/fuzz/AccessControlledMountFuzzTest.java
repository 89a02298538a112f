package dev.berth.registry.fuzz;

import dev.berth.registry.fuzz.property.Gen;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Cross-repository mounts under access control, with the query written every way a client could
 * write it: however {@code mount} and {@code from} are spelled (escaped, repeated, in any order), a
 * user who may push to {@code team-b} but not pull {@code team-a} never gets a blob of
 * {@code team-a} into a repository of {@code team-b}.
 */
class AccessControlledMountFuzzTest implements FuzzTarget {
    private static final byte[] SECRET = "a layer only team-a may pull".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OWN = "a layer of team-b".getBytes(StandardCharsets.UTF_8);
    private static final String SECRET_DIGEST = Digests.sha256(SECRET);
    private static final String OWN_DIGEST = Digests.sha256(OWN);
    /** Numbers the repository each mount copies into: a fresh one per try, so that a leak is blamed on the mount that made it. */
    private static final AtomicInteger COPIES = new AtomicInteger();
    private static FuzzedRegistry registry;

    @BeforeAll
    static void start() {
        registry = FuzzedRegistry.inMemory("access-control", Map.of(
                "berth.auth.mode", "basic",
                "berth.auth.htpasswd", users().toString(),
                "berth.auth.rules[0].repository", "team-a/**", "berth.auth.rules[0].users", "alice", "berth.auth.rules[0].actions", "pull,push",
                "berth.auth.rules[1].repository", "team-b/**", "berth.auth.rules[1].users", "dave", "berth.auth.rules[1].actions", "pull,push"));
        push("alice", "team-a/app", SECRET);
        push("dave", "team-b/app", OWN);
    }

    @AfterAll
    static void stop() {
        FuzzSuite.finish(registry);
        registry = null;
    }

    @Override
    public FuzzedRegistry registry() {
        return registry;
    }

    /** Half the tries: each is a mount and its checks, every one logged in; 1,000 mounts in the CI-sized run. */
    @Override
    public int triesPercent() {
        return 50;
    }

    /** Queries with one or two {@code mount}, up to two {@code from} and up to two other parameters, in any order. */
    static Gen<String> mountQueries() {
        Gen<String> digest = Gen.of(SECRET_DIGEST, OWN_DIGEST).flatMap(d -> Gen.oneOf(PercentEncoding.queryPart(d), Gen.constant(Queries.percentAll(d))));
        Gen<String> source = Gen.of("team-a/app", "team-b/app", "team-a/app/../app", "").flatMap(PercentEncoding::queryPart);
        Gen<String> mountPair = Gen.zip(spellings("mount"), digest, (n, v) -> n + "=" + v);
        Gen<String> fromPair = Gen.zip(spellings("from"), source, (n, v) -> n + "=" + v);
        Gen<String> other = Gen.of("digest=" + OWN_DIGEST, "x=1", "", "mount", "from", "%6D%6F%75%6E%74");
        Gen<List<String>> mounts = mountPair.list(1, 2);
        Gen<List<String>> froms = fromPair.list(0, 2);
        Gen<List<String>> others = other.list(0, 2);
        return (random, size) -> {
            List<String> pairs = new ArrayList<>(mounts.next(random, size));
            pairs.addAll(froms.next(random, size));
            pairs.addAll(others.next(random, size));
            Collections.shuffle(pairs, random);
            return String.join("&", pairs);
        };
    }

    /** A parameter name as it is, in capitals, with some or all of its letters escaped. */
    private static Gen<String> spellings(String name) {
        return Gen.oneOf(Gen.constant(name), PercentEncoding.queryPart(name), Gen.constant(Queries.percentAll(name)),
                Gen.constant(name.toUpperCase(java.util.Locale.ROOT)), Gen.constant(name + "%00"), Gen.constant(" " + name));
    }

    @Test
    void noSpellingOfAMountCopiesABlobFromARepositoryTheUserMayNotPull() {
        forAll(mountQueries(), this::mountAsDave);
    }

    @Test
    void anEscapedMountNameWithoutFromCopiesNothing() {
        mountAsDave("m%6Funt=" + SECRET_DIGEST);
    }

    @Test
    void anEscapedMountNameWithFromCopiesNothing() {
        mountAsDave("m%6Funt=" + SECRET_DIGEST + "&from=team-a/app");
    }

    @Test
    void anEscapedFromNameCopiesNothing() {
        mountAsDave("mount=" + SECRET_DIGEST + "&fr%6Fm=team-a/app");
    }

    private void mountAsDave(String query) {
        String repository = "team-b/copy" + COPIES.incrementAndGet();
        Exchange mount = send(Request.of("POST", "/v2/" + repository + "/blobs/uploads/?" + Queries.sendable(query))
                .header("Authorization", basic("dave")).body(new byte[0]));
        Exchange visible = send(Request.of("HEAD", "/v2/" + repository + "/blobs/" + SECRET_DIGEST).header("Authorization", basic("dave")));
        leakless(visible.status() == 404, mount, "after this mount by dave, the blob of team-a answers HEAD in " + repository + " with " + visible.status());
        mount.header("Location").filter(location -> mount.status() == 202)
                .ifPresent(location -> send(Request.of("DELETE", location).header("Authorization", basic("dave"))));
    }

    private void leakless(boolean holds, Exchange exchange, String what) {
        if (!holds) {
            registry.report(exchange, Violation.of(Violation.Invariant.ONLY_VERIFIED_BLOBS, "cross-repository leak", what));
        }
    }

    private static void push(String user, String repository, byte[] content) {
        Exchange pushed = registry.sendUnchecked(Request.of("POST", "/v2/" + repository + "/blobs/uploads/?digest=" + Digests.sha256(content))
                .header("Authorization", basic(user)).header("Content-Type", "application/octet-stream").body(content));
        if (pushed.status() != 201) {
            throw new IllegalStateException("seeding the registry failed:\n" + pushed);
        }
    }

    /** The password of each user is the name reversed. */
    private static String basic(String user) {
        String password = new StringBuilder(user).reverse().toString();
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static Path users() {
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
        try {
            Path file = Files.createDirectories(Path.of("target", "fuzz-storage")).resolve("users.htpasswd").toAbsolutePath();
            Files.writeString(file, "alice:" + bcrypt.encode("ecila") + "\ndave:" + bcrypt.encode("evad") + "\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
