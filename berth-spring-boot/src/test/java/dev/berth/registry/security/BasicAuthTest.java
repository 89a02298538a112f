package dev.berth.registry.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.testing.RawHttp;
import java.net.http.HttpResponse;
import java.util.List;
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
    void anEscapedParameterNameIsTheSameParameterToAccessControlAndToTheRegistry() {
        String digest = pushBlob("team-a/secret", "Authorization", basic("alice")).headers().firstValue("Docker-Content-Digest").orElseThrow();
        String dave = basic("dave");

        HttpResponse<String> withoutSource = send("POST", "/v2/team-b/x/blobs/uploads/?m%6Funt=" + digest, "Authorization", dave);
        assertThat(withoutSource.statusCode()).isEqualTo(202);
        assertThat(send("HEAD", "/v2/team-b/x/blobs/" + digest, "Authorization", dave).statusCode()).isEqualTo(404);

        assertThat(send("POST", "/v2/team-b/x/blobs/uploads/?mount=" + digest + "&fr%6Fm=team-a/secret", "Authorization", dave)
                .statusCode()).isEqualTo(403);
        assertThat(send("POST", "/v2/team-b/x/blobs/uploads/?%6Dount=" + digest + "&from=team-a%2Fsecret", "Authorization", dave)
                .statusCode()).isEqualTo(403);
        assertThat(send("HEAD", "/v2/team-b/x/blobs/" + digest, "Authorization", dave).statusCode()).isEqualTo(404);
    }

    @Test
    void aMalformedEscapeIsRefusedBeforeAnyCheckAndNothingHappens() throws Exception {
        String digest = pushBlob("team-a/secret2", "Authorization", basic("alice")).headers().firstValue("Docker-Content-Digest").orElseThrow();
        RawHttp.Response malformedName = raw("POST", "/v2/team-b/y/blobs/uploads/?m%zzunt=" + digest, "Authorization: " + basic("dave"));
        assertThat(malformedName.status()).isEqualTo(400);
        assertThat(malformedName.errorCode()).isEqualTo("UNSUPPORTED");
        assertThat(malformedName.headers().get("x-content-type-options")).containsExactly("nosniff");
        RawHttp.Response malformedValue = raw("GET", "/v2/team-b/app/tags/list?n=%zz");
        assertThat(malformedValue.status()).isEqualTo(400);
        assertThat(malformedValue.errorCode()).isEqualTo("PAGINATION_NUMBER_INVALID");
        assertThat(raw("POST", "/v2/team-b/y/blobs/uploads/?mount=" + digest + "&from=team-a/secret2%", "Authorization: " + basic("dave"))
                .status()).isEqualTo(400);
        assertThat(send("HEAD", "/v2/team-b/y/blobs/" + digest, "Authorization", basic("dave")).statusCode()).isEqualTo(404);
    }

    @Test
    void aPusherQueriesAndCancelsItsOwnUploadAndAPullerCannotDoEither() {
        HttpResponse<String> started = send("POST", "/v2/team-b/uploads/blobs/uploads/", "Authorization", basic("dave"));
        assertThat(started.statusCode()).isEqualTo(202);
        String upload = started.headers().firstValue("Location").orElseThrow();
        assertThat(send("GET", upload, "Authorization", basic("dave")).statusCode()).isEqualTo(204);
        assertThat(send("DELETE", upload, "Authorization", basic("dave")).statusCode()).isEqualTo(204);
        assertThat(send("GET", upload, "Authorization", basic("dave")).statusCode()).isEqualTo(404);

        String alices = send("POST", "/v2/team-a/uploads/blobs/uploads/", "Authorization", basic("alice")).headers()
                .firstValue("Location").orElseThrow();
        assertThat(send("GET", alices, "Authorization", basic("bob")).statusCode()).isEqualTo(403);
        assertThat(send("DELETE", alices, "Authorization", basic("bob")).statusCode()).isEqualTo(403);
        assertThat(send("GET", alices, "Authorization", basic("alice")).statusCode()).isEqualTo(204);
    }

    @Test
    void everyAnswerOfTheRegistryIsNosniffChallengesAndRefusalsIncluded() {
        List<HttpResponse<String>> answers = List.of(send("GET", "/v2/"), send("GET", "/v2/", "Authorization", basic("bob")),
                send("GET", "/v2/_catalog", "Authorization", basic("bob")),
                send("GET", "/v2/team-a/app/manifests/nothing", "Authorization", basic("bob")),
                send("HEAD", "/v2/team-a/app/manifests/nothing"), send("PATCH", "/v2/", "Authorization", basic("bob")),
                send("GET", "/v2/team-a/app/nowhere", "Authorization", basic("bob")), send("GET", "/berth/v1/root", "Authorization", basic("bob")));
        assertThat(answers).extracting(HttpResponse::statusCode).containsExactly(401, 200, 403, 404, 401, 405, 404, 403);
        assertThat(answers).allSatisfy(answer ->
                assertThat(answer.headers().allValues("X-Content-Type-Options")).as(answer.uri().toString()).containsExactly("nosniff"));
        assertThat(answers).filteredOn(answer -> answer.statusCode() >= 400 && !answer.request().method().equals("HEAD"))
                .allSatisfy(answer -> assertThat(errorCode(answer)).isNotEmpty());
    }

    @Test
    void whatTheFirewallRefusesIsRefusedInTheSpecsFormat() throws Exception {
        for (String target : List.of("/v2/team-a//app/tags/list", "/v2/team-a/app/tags/list;x=y", "/v2/team-a/../team-b/tags/list")) {
            RawHttp.Response refused = raw("GET", target, "Authorization: " + basic("alice"));
            assertThat(refused.status()).as(target).isEqualTo(400);
            assertThat(refused.errorCode()).isEqualTo("UNSUPPORTED");
            assertThat(refused.headers().get("x-content-type-options")).containsExactly("nosniff");
        }
    }

    @Test
    void aFormBodyIsNotReadBeforeLogin() throws Exception {
        for (String method : List.of("PUT", "PATCH", "DELETE", "POST")) {
            assertThat(statusLineBeforeTheBodyIsSent(method, "/v2/team-a/app/blobs/uploads/")).as(method).startsWith("HTTP/1.1 401");
        }
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
