package dev.berth.registry.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The pages over a real socket without access control, on the in-memory store: what each shows, and what it refuses. */
@SpringBootTest(classes = UiPagesTest.Registry.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UiPagesTest {
    @LocalServerPort
    int port;

    @Test
    void homeListsRepositoriesWithTagCountsAndLastPushAndSearchFindsRepositoriesAndTags() {
        TestImages images = new TestImages(port);
        images.image("home/app", "v1", "amd64", "one");
        images.image("home/app", "v2", "amd64", "two");
        images.image("home/tool", "release-7", "amd64", "tool");
        Browserless browser = new Browserless(port);

        String home = browser.get("/").body();
        assertThat(home).contains("href=\"/repositories/home/app\"", "href=\"/repositories/home/tool\"");
        assertThat(row(home, "home/app")).contains(">2<", "just now");
        assertThat(row(home, "home/tool")).contains(">1<");

        String byName = browser.get("/?q=TOOL").body();
        assertThat(byName).contains("href=\"/repositories/home/tool\"").doesNotContain("href=\"/repositories/home/app\"");
        String byTag = browser.get("/?q=release").body();
        assertThat(byTag).contains("href=\"/images/home/tool:release-7\"");
    }

    @Test
    void aRepositoryListsItsTagsWithDigestSizePlatformAndPushTime() {
        TestImages.Pushed image = new TestImages(port).image("repo/app", "v1", "arm64", "layer content");
        String page = new Browserless(port).get("/repositories/repo/app").body();

        String row = row(page, "v1");
        assertThat(row).contains("href=\"/images/repo/app:v1\"", "href=\"/images/repo/app@" + image.digest() + "\"",
                image.digest().substring(0, 19), "linux/arm64", "just now");
        assertThat(row).containsPattern(">\\d+ B<");
        assertThat(page).contains("Delete tag v1"); // no access control: anyone may delete, as through the API
    }

    @Test
    void anImageShowsItsConfigLayersReferrersByTypeAndPullCommands() {
        TestImages images = new TestImages(port);
        TestImages.Pushed image = images.image("img/app", "v1", "amd64", "the layer");
        TestImages.Pushed sbom = images.referrer("img/app", image, "application/spdx+json", "an sbom");
        TestImages.Pushed signature = images.referrer("img/app", image, "application/vnd.dev.cosign.artifact.sig.v1+json", "a signature");

        HttpResponse<String> response = new Browserless(port).get("/images/img/app:v1");
        assertThat(response.statusCode()).isEqualTo(200);
        String page = response.body();
        assertThat(page).contains(image.digest(), "linux/amd64", "/bin/app", "--serve", "GREETING=hello", "/srv", "COPY app /bin/app",
                "2026-01-02 03:04 UTC", "application/vnd.oci.image.layer.v1.tar");
        assertThat(page).contains("docker pull 127.0.0.1:" + port + "/img/app:v1", "podman pull 127.0.0.1:" + port + "/img/app:v1",
                "nerdctl pull 127.0.0.1:" + port + "/img/app:v1", "crane pull 127.0.0.1:" + port + "/img/app:v1 app.tar");
        assertThat(page.indexOf("application/spdx+json")).isLessThan(page.indexOf("application/vnd.dev.cosign.artifact.sig.v1+json"));
        assertThat(page).contains("href=\"/images/img/app@" + sbom.digest() + "\"", "href=\"/images/img/app@" + signature.digest() + "\"");
        assertThat(page).doesNotContain("Image CID"); // not on IPFS

        String referrer = new Browserless(port).get("/images/img/app@" + sbom.digest()).body();
        assertThat(referrer).contains("artifact", "application/spdx+json", "href=\"/images/img/app@" + image.digest() + "\"");
    }

    @Test
    void aLongPageWithFormsComesWholeToAFirstVisitor() {
        new TestImages(port).image("long/app", "v1", "amd64", "layer", 400);
        HttpResponse<String> page = new Browserless(port).get("/images/long/app:v1"); // no session yet
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body().length()).isGreaterThan(64 * 1024); // far past the response buffer
        assertThat(page.body()).contains("RUN step 399 of a long build", "name=\"_csrf\"").endsWith("</html>\n");
    }

    @Test
    void anIndexListsItsPlatformsEachLinkingToItsImage() {
        TestImages images = new TestImages(port);
        TestImages.Pushed amd64 = images.image("multi/app", null, "amd64", "amd64 layer");
        TestImages.Pushed arm64 = images.image("multi/app", null, "arm64", "arm64 layer");
        images.index("multi/app", "latest", List.of(amd64, arm64), List.of("amd64", "arm64"));
        Browserless browser = new Browserless(port);

        assertThat(row(browser.get("/repositories/multi/app").body(), "latest")).contains("linux/amd64, linux/arm64");
        String index = browser.get("/images/multi/app:latest").body();
        assertThat(index).contains("Platforms", "href=\"/images/multi/app@" + amd64.digest() + "\"",
                "href=\"/images/multi/app@" + arm64.digest() + "\"");
        assertThat(browser.get("/images/multi/app@" + arm64.digest()).body()).contains("linux/arm64");
    }

    @Test
    void deletingATagTakesTheFormsCsrfTokenAndGoesThroughTheSeam() {
        new TestImages(port).image("del/app", "old", "amd64", "old layer");
        Browserless browser = new Browserless(port);
        String page = browser.get("/repositories/del/app").body();

        HttpResponse<String> forged = browser.post("/delete", Map.of("repository", "del/app", "tag", "old"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(browser.get("/repositories/del/app").body()).contains("Delete tag old");

        HttpResponse<String> deleted = browser.post("/delete", Map.of("repository", "del/app", "tag", "old"), page);
        assertThat(deleted.statusCode()).isEqualTo(302);
        assertThat(deleted.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/repositories/del/app"));
        String after = browser.get("/repositories/del/app").body();
        assertThat(after).contains("Deleted the tag old").doesNotContain("href=\"/images/del/app:old\"");
        assertThat(row(browser.get("/").body(), "del/app")).contains(">0<");
    }

    @Test
    void missingThingsArePagesWithTheApisStatusWhileTheApiKeepsItsJson() {
        Browserless browser = new Browserless(port);
        HttpResponse<String> repository = browser.get("/images/no/such:tag");
        assertThat(repository.statusCode()).isEqualTo(404);
        assertThat(repository.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(repository.body()).contains("No such tag or manifest");
        assertThat(browser.get("/images/Not_A_Name:x").statusCode()).isEqualTo(400);

        HttpResponse<String> api = browser.get("/v2/no/such/manifests/tag");
        assertThat(api.statusCode()).isEqualTo(404);
        assertThat(api.body()).contains("\"MANIFEST_UNKNOWN\"");
    }

    @Test
    void assetsComeFromTheRegistryItselfAndPagesMayLoadNothingElse() {
        Browserless browser = new Browserless(port);
        HttpResponse<String> home = browser.get("/");
        assertThat(home.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy ->
                assertThat(policy).contains("default-src 'self'", "script-src 'self'", "style-src 'self'"));
        assertThat(home.body()).doesNotContainPattern("(src|href)=\"(https?:)?//");
        String stylesheet = home.body().replaceAll("(?s).*href=\"(/ui/berth\\.css\\?v=[0-9a-f]+)\".*", "$1");
        HttpResponse<String> css = browser.get(stylesheet);
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Cache-Control")).hasValue("max-age=31536000, public");
        assertThat(css.body()).contains("prefers-color-scheme");
    }

    @Test
    void theNodePageShowsTheStoreUploadsAndADryRunForEveryoneWhenAccessControlIsOff() {
        Browserless browser = new Browserless(port);
        String node = browser.get("/node").body();
        assertThat(node).contains("inmemory", "Open uploads", "No run since the registry started", "Dry run now");

        HttpResponse<String> ran = browser.post("/node/gc", Map.of(), node);
        assertThat(ran.statusCode()).isEqualTo(302);
        assertThat(browser.get("/node").body()).contains("Dry run finished", "Last run: <span>dry run</span>");
    }

    /** The table row holding the text, from its {@code <tr>} to its {@code </tr>}. */
    static String row(String page, String text) {
        int at = page.indexOf(">" + text + "<");
        assertThat(at).as("a row with %s in\n%s", text, page).isGreaterThan(0);
        return page.substring(page.lastIndexOf("<tr", at), page.indexOf("</tr>", at));
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Registry {
    }
}
