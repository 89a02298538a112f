package dev.berth.registry.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(classes = SecuredRegistryTest.Registry.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"berth.auth.mode=token", "berth.auth.token.service=registry.test", "berth.auth.token.secret=" + TokenAuthTest.SECRET})
class TokenAuthTest extends SecuredRegistryTest {
    static final String SECRET = "a secret of at least thirty-two bytes";

    @Test
    void requestsWithoutATokenAreChallengedWithTheRealmServiceAndScope() {
        String realm = "Bearer realm=\"http://127.0.0.1:" + port + "/berth/v1/token\",service=\"registry.test\"";
        assertThat(challengeOf(send("GET", "/v2/"))).containsExactly(realm);
        assertThat(challengeOf(send("GET", "/v2/team-a/app/manifests/latest")))
                .containsExactly(realm + ",scope=\"repository:team-a/app:pull\"");
        HttpResponse<String> push = send("POST", "/v2/team-a/app/blobs/uploads/");
        assertThat(push.statusCode()).isEqualTo(401);
        assertThat(errorCode(push)).isEqualTo("UNAUTHORIZED");
        assertThat(challengeOf(push)).containsExactly(realm + ",scope=\"repository:team-a/app:pull,push\"");
        assertThat(challengeOf(send("POST", "/v2/team-b/app/blobs/uploads/?mount=sha256:" + "3".repeat(64) + "&from=team-a/app")))
                .containsExactly(realm + ",scope=\"repository:team-b/app:pull,push repository:team-a/app:pull\"");
    }

    @Test
    void theTokenServerGrantsOnlyWhatTheRulesAllow() {
        HttpResponse<String> response = token("bob", "repository:team-a/app:pull,push");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("token").asString()).isEqualTo(body.get("access_token").asString());
        assertThat(body.get("expires_in").asLong()).isEqualTo(300);
        assertThat(Instant.parse(body.get("issued_at").asString())).isBeforeOrEqualTo(Instant.now());
        JsonNode claims = claims(body.get("token").asString());
        assertThat(claims.get("sub").asString()).isEqualTo("bob");
        assertThat(claims.get("aud").toString()).contains("registry.test");
        assertThat(claims.get("access")).isEqualTo(json("[{\"type\":\"repository\",\"name\":\"team-a/app\",\"actions\":[\"pull\"]}]"));

        JsonNode alice = claims(json(token("alice", "repository:team-a/app:pull,push repository:team-b/app:push")).get("token").asString());
        assertThat(alice.get("access")).isEqualTo(json("[{\"type\":\"repository\",\"name\":\"team-a/app\",\"actions\":[\"pull\",\"push\"]}]"));
    }

    @Test
    void theTokenServerRefusesAWrongPasswordAndGivesAnonymousClientsAnEmptyToken() {
        HttpResponse<String> wrong = send("GET", "/berth/v1/token?service=registry.test", "Authorization", basic("alice", "guess"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(challengeOf(wrong)).containsExactly("Basic realm=\"berth\"");
        HttpResponse<String> anonymous = send("GET", "/berth/v1/token?service=registry.test&scope=repository:team-a/app:pull");
        JsonNode claims = claims(json(anonymous).get("token").asString());
        assertThat(claims.has("sub")).isFalse();
        assertThat(claims.get("access").size()).isZero();
        HttpResponse<String> withEmptyToken = send("GET", "/v2/team-a/app/tags/list", "Authorization", "Bearer " + json(anonymous).get("token").asString());
        assertThat(withEmptyToken.statusCode()).isEqualTo(401);
    }

    @Test
    void aTokenWithTheScopeIsAccepted() {
        String token = json(token("alice", "repository:team-a/app:pull,push")).get("token").asString();
        HttpResponse<String> pushed = pushBlob("team-a/app", "Authorization", "Bearer " + token);
        assertThat(pushed.statusCode()).as(pushed.headers() + pushed.body()).isEqualTo(201);
        assertThat(send("GET", "/v2/", "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
    }

    @Test
    void aTokenWithoutTheScopeAsksForANewTokenWhenTheUserMayAndIsDeniedWhenNot() {
        String pullOnly = json(token("alice", "repository:team-a/app:pull")).get("token").asString();
        HttpResponse<String> insufficient = pushBlob("team-a/app", "Authorization", "Bearer " + pullOnly);
        assertThat(insufficient.statusCode()).isEqualTo(401);
        assertThat(challengeOf(insufficient).getFirst()).endsWith(",scope=\"repository:team-a/app:pull,push\",error=\"insufficient_scope\"");

        String bobs = json(token("bob", "repository:team-a/app:pull,push")).get("token").asString();
        HttpResponse<String> denied = pushBlob("team-a/app", "Authorization", "Bearer " + bobs);
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(errorCode(denied)).isEqualTo("DENIED");
    }

    @Test
    void anExpiredTokenIsRejected() {
        Instant past = Instant.now().minusSeconds(600);
        String expired = sign(SECRET, past, past.plusSeconds(60));
        HttpResponse<String> response = send("GET", "/v2/team-a/app/tags/list", "Authorization", "Bearer " + expired);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(errorCode(response)).isEqualTo("UNAUTHORIZED");
        assertThat(challengeOf(response).getFirst()).contains("error=\"invalid_token\"");
        String valid = sign(SECRET, Instant.now(), Instant.now().plusSeconds(60));
        assertThat(send("GET", "/v2/team-a/app/tags/list", "Authorization", "Bearer " + valid).statusCode()).isIn(200, 404); // let in
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRejected() {
        String forged = sign("another secret of thirty-two bytes!!", Instant.now(), Instant.now().plusSeconds(60));
        HttpResponse<String> response = send("GET", "/v2/team-a/app/tags/list", "Authorization", "Bearer " + forged);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(challengeOf(response).getFirst()).contains("error=\"invalid_token\"");
    }

    private HttpResponse<String> token(String user, String scope) {
        return send("GET", "/berth/v1/token?service=registry.test&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8),
                "Authorization", basic(user));
    }

    private static JsonNode json(String text) {
        return JsonMapper.builder().build().readTree(text);
    }

    private static JsonNode claims(String token) {
        return JsonMapper.builder().build().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    }

    /** A token for alice to pull team-a/app, signed with the given secret, valid in the given window. */
    private static String sign(String secret, Instant issued, Instant expires) {
        var encoder = new NimbusJwtEncoder(new ImmutableSecret<>(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256")));
        JwtClaimsSet claims = JwtClaimsSet.builder().issuer("registry.test").audience(List.of("registry.test")).subject("alice")
                .issuedAt(issued).notBefore(issued).expiresAt(expires)
                .claim("access", List.of(Map.of("type", "repository", "name", "team-a/app", "actions", List.of("pull")))).build();
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims)).getTokenValue();
    }
}
