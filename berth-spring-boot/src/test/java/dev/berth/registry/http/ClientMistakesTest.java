package dev.berth.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Whatever a client sends, the registry answers a mistake with a 4xx in the spec's error format,
 * labels every body with a Content-Type it vouches for, and marks every answer nosniff; here without
 * Spring Security, whose own headers would otherwise hide a missing nosniff.
 */
@SpringBootTest(classes = ClientMistakesTest.Registry.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // without the web UI too, which brings a filter chain of Spring Security's
        properties = {"berth.ui.enabled=false", "spring.autoconfigure.exclude=dev.berth.registry.security.RegistrySecurityAutoConfiguration,"
                + "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,"
                + "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration,"
                + "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration,"
                + "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration,"
                + "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration"})
class ClientMistakesTest {
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String CONFIG = "{}";

    @LocalServerPort
    int port;
    RawHttp http;
    String configDigest;

    @BeforeEach
    void pushConfig() throws Exception {
        http = new RawHttp(port);
        configDigest = sha256(CONFIG);
        assertThat(http.send("POST", "/v2/app/blobs/uploads/?digest=" + configDigest, CONFIG.getBytes(StandardCharsets.UTF_8),
                "Content-Type: application/octet-stream").status()).isEqualTo(201);
    }

    @Test
    void aMalformedEscapeInAListingsNIsAPaginationError() throws Exception {
        RawHttp.Response response = http.send("GET", "/v2/app/tags/list?n=%zz");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("PAGINATION_NUMBER_INVALID");
        assertThat(http.send("GET", "/v2/_catalog?last=%e").status()).isEqualTo(400);
    }

    @Test
    void aSchemaVersionPastTheIntRangeIsRefusedAndNotReadAsTwo() throws Exception {
        refused(manifest(CONFIG.length()).replace("\"schemaVersion\":2", "\"schemaVersion\":4294967298"), OCI_MANIFEST);
    }

    @Test
    void aDescriptorSizePastTheLongRangeIsRefused() throws Exception {
        refused(manifest(CONFIG.length()).replace("\"size\":" + CONFIG.length(), "\"size\":99999999999999999999"), OCI_MANIFEST);
    }

    @Test
    void aManifestIsTakenOnlyAsAFormatTheRegistryServes() throws Exception {
        String untyped = manifest(CONFIG.length()).replace("\"mediaType\":\"" + OCI_MANIFEST + "\",", "");
        refused(untyped, "text/html");
        refused(manifest(CONFIG.length()).replace(OCI_MANIFEST, "text/html"), null);
        refused(untyped, "application/vnd.example.anything+json");
        RawHttp.Response pushed = push(manifest(CONFIG.length()), OCI_MANIFEST);
        assertThat(pushed.status()).isEqualTo(201);
        assertThat(http.send("GET", "/v2/app/manifests/" + sha256(manifest(CONFIG.length()))).header("Content-Type")).hasValue(OCI_MANIFEST);
    }

    @Test
    void aManifestThatParsersCouldReadDifferentlyThatLacksWhatItsFormatRequiresOrWithAnnotationsThatAreNotStringsIsRefused() throws Exception {
        String manifest = manifest(CONFIG.length());
        refused(manifest.replace("\"mediaType\":\"" + OCI_MANIFEST + "\"",
                "\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"mediaType\":\"" + OCI_MANIFEST + "\""), OCI_MANIFEST);
        refused(manifest.replace("\"schemaVersion\":2", "\"schemaVersion\":3,\"schemaVersion\":2"), OCI_MANIFEST);
        for (String annotations : List.of("[]", "\"x\"", "{\"k\":5}", "{\"k\":{\"a\":\"b\"}}", "{\"k\":null}", "{\"k\":[\"v\"]}")) {
            refused(manifest.substring(0, manifest.length() - 1) + ",\"annotations\":" + annotations + "}", OCI_MANIFEST);
        }
        refused(manifest.replace("\"size\":" + CONFIG.length(), "\"size\":" + CONFIG.length() + ",\"annotations\":[]"), OCI_MANIFEST);
        refused("{}", OCI_MANIFEST);
        refused(manifest.replace(",\"layers\":[]", ""), OCI_MANIFEST);
        refused(manifest.replace("\"schemaVersion\":2,", ""), OCI_MANIFEST);
        refused("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\"}", "application/vnd.oci.image.index.v1+json");
        assertThat(push(manifest.substring(0, manifest.length() - 1) + ",\"annotations\":{\"k\":\"v\"}}", OCI_MANIFEST).status())
                .isEqualTo(201);
    }

    @Test
    void aStreamedChunkIsHeldToTheLengthItsContentRangeSaysAndLeavesNoByteBehind() throws Exception {
        for (String[] chunk : new String[][] {{"", "0-0", "SIZE_INVALID"}, {"abc", "0-1", "BLOB_UPLOAD_INVALID"}, {"ab", "0-2", "BLOB_UPLOAD_INVALID"}}) {
            String upload = http.send("POST", "/v2/app/blobs/uploads/").header("Location").orElseThrow();
            RawHttp.Response refused = http.sendBytes(("PATCH " + upload + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Content-Type: application/octet-stream\r\nContent-Range: " + chunk[1] + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + (chunk[0].isEmpty() ? "" : Integer.toHexString(chunk[0].length()) + "\r\n" + chunk[0] + "\r\n") + "0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(refused.status()).as(chunk[1] + " with " + chunk[0].length() + " bytes").isEqualTo(400);
            assertThat(refused.errorCode()).isEqualTo(chunk[2]);
            RawHttp.Response status = http.send("GET", upload);
            if (chunk[2].equals("SIZE_INVALID")) {
                // refused before a byte was written: the upload goes on from where it stood
                assertThat(status.status()).isEqualTo(204);
                assertThat(status.header("Range")).hasValue("0-0");
            } else {
                // bytes of the refused chunk were written before its end showed: the upload is dropped whole
                assertThat(status.status()).isEqualTo(404);
            }
        }
    }

    @Test
    void whatTheContainerAnswersWithoutABodyIsInTheSpecsFormatOnTheRegistrysPaths() throws Exception {
        RawHttp.Response trace = http.send("TRACE", "/v2/app/tags/list");
        assertThat(trace.status()).isEqualTo(405);
        assertThat(trace.header("Content-Type")).hasValue("application/json");
        assertThat(trace.header("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(trace.errorCode()).isEqualTo("UNSUPPORTED");
        assertThat(http.send("TRACE", "/elsewhere").body()).doesNotContain("\"errors\"");
    }

    @Test
    void everyAnswerIsNosniffWithAContentTypeTheRegistryVouchesFor() throws Exception {
        String manifest = manifest(CONFIG.length());
        push(manifest, OCI_MANIFEST);
        List<RawHttp.Response> answers = List.of(http.send("GET", "/v2/"), http.send("GET", "/v2/app/blobs/" + configDigest),
                http.send("GET", "/v2/app/manifests/" + sha256(manifest)), http.send("HEAD", "/v2/app/manifests/" + sha256(manifest)),
                http.send("GET", "/v2/app/tags/list"), http.send("GET", "/v2/_catalog"),
                http.send("GET", "/v2/app/referrers/" + sha256(manifest)), http.send("GET", "/v2/app/blobs/sha256:" + "0".repeat(64)),
                http.send("PATCH", "/v2/"), http.send("GET", "/v2/app/nowhere"), http.send("GET", "/v2/app/tags/list?n=%zz"),
                http.send("POST", "/v2/app/blobs/uploads/"), http.send("GET", "/berth/v1/nothing"));
        assertThat(answers).extracting(RawHttp.Response::status).containsExactly(200, 200, 200, 200, 200, 200, 200, 404, 405, 404, 400, 202, 404);
        assertThat(answers).allSatisfy(answer -> assertThat(answer.headers().get("x-content-type-options")).containsExactly("nosniff"));
        assertThat(answers).extracting(answer -> answer.header("Content-Type").map(type -> type.split(";")[0]).orElse("none"))
                .containsExactly("application/json", "application/octet-stream", OCI_MANIFEST, OCI_MANIFEST, "application/json",
                        "application/json", "application/vnd.oci.image.index.v1+json", "application/json", "application/json",
                        "application/json", "application/json", "none", "application/json");
    }

    @Test
    void aBodyIsTakenAsItIsWhateverContentTypeItClaims() throws Exception {
        for (String contentType : List.of("multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "multipart/mixed")) {
            String blob = "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x--\r\n" + contentType;
            RawHttp.Response pushed = http.send("POST", "/v2/app/blobs/uploads/?digest=" + sha256(blob), blob.getBytes(StandardCharsets.UTF_8),
                    "Content-Type: " + contentType);
            assertThat(pushed.status()).as(contentType + ": " + pushed.body()).isEqualTo(201);
            assertThat(http.send("GET", "/v2/app/blobs/" + sha256(blob)).body()).isEqualTo(blob);
            String chunk = "a=b&c=" + contentType;
            String upload = http.send("POST", "/v2/app/blobs/uploads/").header("Location").orElseThrow();
            RawHttp.Response put = http.send("PUT", upload + "?digest=" + sha256(chunk), chunk.getBytes(StandardCharsets.UTF_8),
                    "Content-Type: " + contentType);
            assertThat(put.status()).as(contentType + ": " + put.body()).isEqualTo(201);
        }
    }

    @Test
    void referrersComeAPageAtATimeWithALinkToTheNext() throws Exception {
        String subject = manifest(CONFIG.length());
        push(subject, OCI_MANIFEST);
        List<String> pushed = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String referrer = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"artifactType\":\"application/vnd.example+sig\","
                    + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":2},"
                    + "\"layers\":[],\"subject\":{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\"" + sha256(subject) + "\",\"size\":"
                    + subject.length() + "},\"annotations\":{\"n\":\"" + i + "\"}}";
            assertThat(push(referrer, OCI_MANIFEST).status()).isEqualTo(201);
            pushed.add(sha256(referrer));
        }
        List<String> listed = new java.util.ArrayList<>();
        String next = "/v2/app/referrers/" + sha256(subject) + "?n=2&artifactType=application%2Fvnd.example%2Bsig";
        int pages = 0;
        while (next != null) {
            RawHttp.Response page = http.send("GET", next);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("OCI-Filters-Applied")).hasValue("artifactType");
            tools.jackson.databind.JsonNode manifests = tools.jackson.databind.json.JsonMapper.builder().build().readTree(page.body()).get("manifests");
            assertThat(manifests.size()).isLessThanOrEqualTo(2);
            manifests.forEach(descriptor -> listed.add(descriptor.get("digest").asString()));
            next = page.header("Link").map(link -> link.substring(1, link.indexOf('>'))).orElse(null);
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(listed).isEqualTo(pushed.stream().sorted().toList());
    }

    @Test
    void whatTomcatRefusesBeforeTheRegistrySeesItIsAnsweredInTheSpecsFormatToo() throws Exception {
        List<byte[]> requests = List.of(request("GET /v2/app/blobs/%zz"), request("GET /v2/app/blobs/a%2Fb"),
                request("GET /v2/caf\u00c3\u00a9/tags/list"), request("G\u0001ET /v2/"),
                ("GET /v2/ HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        for (byte[] request : requests) {
            RawHttp.Response response = http.sendBytes(request);
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.header("Content-Type")).hasValue("application/json");
            assertThat(response.header("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(response.errorCode()).isEqualTo("UNSUPPORTED");
        }
        assertThat(http.sendBytes(request("GET /elsewhere/%zz")).header("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/html")); // not the registry's path: Tomcat's own page
    }

    private static byte[] request(String line) {
        return (line + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private void refused(String manifest, String contentType) throws Exception {
        RawHttp.Response pushed = push(manifest, contentType);
        assertThat(pushed.status()).as(pushed.body()).isEqualTo(400);
        assertThat(pushed.errorCode()).isEqualTo("MANIFEST_INVALID");
        assertThat(http.send("HEAD", "/v2/app/manifests/" + sha256(manifest)).status()).isEqualTo(404);
    }

    private RawHttp.Response push(String manifest, String contentType) throws Exception {
        byte[] body = manifest.getBytes(StandardCharsets.UTF_8);
        return contentType == null ? http.send("PUT", "/v2/app/manifests/" + sha256(manifest), body)
                : http.send("PUT", "/v2/app/manifests/" + sha256(manifest), body, "Content-Type: " + contentType);
    }

    private String manifest(int configSize) {
        return "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":" + configSize + "},\"layers\":[]}";
    }

    static String sha256(String content) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Registry {
    }
}
