package dev.berth.registry.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(classes = SecuredRegistryTest.Registry.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"berth.auth.mode=basic"})
class BasicAuthTest extends SecuredRegistryTest {

    @Test
    void pingWithoutCredentialsIsChallengedInTheOciFormat() {
        HttpResponse<String> response = send("GET", "/v2/");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(challengeOf(response)).containsExactly("Basic realm=\"berth\"");
        assertThat(response.headers().firstValue("Docker-Distribution-API-Version")).hasValue("registry/2.0");
        assertThat(errorCode(response)).isEqualTo("UNAUTHORIZED");
        assertThat(send("GET", "/v2/", "Authorization", basic("bob")).statusCode()).isEqualTo(200);
    }

    @Test
    void aWrongPasswordOrUnknownUserIsUnauthorized() {
        HttpResponse<String> wrong = send("GET", "/v2/", "Authorization", basic("alice", "guess"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(errorCode(wrong)).isEqualTo("UNAUTHORIZED");
        assertThat(challengeOf(wrong)).containsExactly("Basic realm=\"berth\"");
        assertThat(send("GET", "/v2/", "Authorization", basic("mallory", "x")).statusCode()).isEqualTo(401);
    }

    @Test
    void aUserWithPushPushesAndAUserWithoutIsDenied() {
        assertThat(pushBlob("team-a/app", "Authorization", basic("alice")).statusCode()).isEqualTo(201);
        HttpResponse<String> denied = pushBlob("team-a/app", "Authorization", basic("bob"));
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(errorCode(denied)).isEqualTo("DENIED");
        assertThat(pushBlob("team-a/app").statusCode()).isEqualTo(401);
    }

    @Test
    void pullIsAllowedWhereARuleSaysSoAndDeniedElsewhere() {
        pushBlob("team-b/app", "Authorization", basic("dave"));
        assertThat(send("GET", "/v2/team-b/app/tags/list", "Authorization", basic("dave")).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/v2/team-b/app/tags/list", "Authorization", basic("bob")).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/v2/library/alpine/tags/list", "Authorization", basic("bob")).statusCode()).isEqualTo(404); // allowed, no such repository
        HttpResponse<String> anonymous = send("HEAD", "/v2/team-b/app/manifests/latest");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).isEmpty();
    }

    @Test
    void deleteNeedsTheDeleteAction() {
        String manifest = "/v2/team-a/app/manifests/sha256:" + "0".repeat(64);
        assertThat(send("DELETE", manifest, "Authorization", basic("bob")).statusCode()).isEqualTo(403);
        assertThat(send("DELETE", manifest, "Authorization", basic("alice")).statusCode()).isEqualTo(404);
    }

    @Test
    void aMountAlsoNeedsPullOnItsSource() {
        String mount = "/v2/team-b/copy/blobs/uploads/?mount=sha256:" + "1".repeat(64);
        assertThat(send("POST", mount + "&from=team-a/app", "Authorization", basic("dave")).statusCode()).isEqualTo(403);
        assertThat(send("POST", mount + "&from=team-b/app", "Authorization", basic("dave")).statusCode()).isEqualTo(202);
    }

    @Test
    void aMountWithoutSourceBecomesAnUploadSoNoRepositoryLeaksThroughIt() {
        HttpResponse<String> alicePushed = pushBlob("team-a/secret", "Authorization", basic("alice"));
        String digest = alicePushed.headers().firstValue("Docker-Content-Digest").orElseThrow();
        HttpResponse<String> mount = send("POST", "/v2/team-b/stolen/blobs/uploads/?mount=" + digest, "Authorization", basic("dave"));
        assertThat(mount.statusCode()).isEqualTo(202);
        assertThat(send("HEAD", "/v2/team-b/stolen/blobs/" + digest, "Authorization", basic("dave")).statusCode()).isEqualTo(404);
    }

    @Test
    void theCatalogNeedsPullOnEveryRepository() {
        assertThat(send("GET", "/v2/_catalog", "Authorization", basic("alice")).statusCode()).isEqualTo(200);
        assertThat(errorCode(send("GET", "/v2/_catalog", "Authorization", basic("bob")))).isEqualTo("DENIED");
    }

    @Test
    void actuatorEndpointsAreLeftToTheApplication() {
        assertThat(send("GET", "/actuator/health").statusCode()).isEqualTo(200);
    }
}
