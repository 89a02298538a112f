package dev.berth.registry.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(classes = SecuredRegistryTest.Registry.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"berth.auth.mode=basic", "berth.auth.anonymous-pull=true"})
class AnonymousPullTest extends SecuredRegistryTest {

    @Test
    void anyonePullsButPushingStillTakesALogin() {
        assertThat(send("GET", "/v2/team-b/app/tags/list").statusCode()).isEqualTo(404); // allowed, nothing there
        assertThat(send("GET", "/v2/_catalog").statusCode()).isEqualTo(200);
        assertThat(pushBlob("team-a/app").statusCode()).isEqualTo(401);
        assertThat(send("DELETE", "/v2/team-a/app/blobs/sha256:" + "2".repeat(64)).statusCode()).isEqualTo(401);
        assertThat(pushBlob("team-a/app", "Authorization", basic("alice")).statusCode()).isEqualTo(201);
    }
}
