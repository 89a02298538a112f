package dev.berth.registry.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The pages over private repositories: they read through the seam like any other, decrypted, and
 * show no CID (a private blob has none to share, a private image no image CID). The home page's
 * list takes a private push in at its next read, since private changes are no {@code ManifestChange}
 * (those feed the public tree's derived trees).
 */
@SpringBootTest(classes = UiPagesTest.Registry.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"berth.encryption.repositories=secret/**", "berth.ui.index-refresh=200ms"})
class UiOverPrivateRepositoriesTest {
    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void keyset(DynamicPropertyRegistry properties) {
        Path folder = Path.of("target", "ui-private", UUID.randomUUID().toString()).toAbsolutePath();
        properties.add("berth.encryption.keyset", () -> folder.resolve("keyset.json").toString());
        properties.add("berth.encryption.staging", () -> folder.resolve("staging").toString());
    }

    @Test
    void aPrivateImageHasItsRepositoryAndImagePagesWithoutACid() {
        TestImages.Pushed image = new TestImages(port).image("secret/app", "v1", "arm64", "a private layer");
        Browserless browser = new Browserless(port);

        String repository = browser.get("/repositories/secret/app").body();
        assertThat(UiPagesTest.row(repository, "v1")).contains("href=\"/images/secret/app:v1\"", image.digest().substring(0, 19),
                "linux/arm64");
        String page = browser.get("/images/secret/app:v1").body();
        assertThat(page).contains(image.digest(), "/bin/app", "GREETING=hello", "application/vnd.oci.image.layer.v1.tar",
                "crane pull 127.0.0.1:" + port + "/secret/app:v1 app.tar");
        assertThat(page).doesNotContain("Image CID", "bafy");
    }

    @Test
    void theHomePageListsAPrivateRepositoryFromItsNextRead() throws InterruptedException {
        new TestImages(port).image("secret/listed", "v1", "amd64", "listed layer");
        Browserless browser = new Browserless(port);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos(); // returns as soon as listed
        String home = browser.get("/").body();
        while (!home.contains("href=\"/repositories/secret/listed\"") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            home = browser.get("/").body();
        }
        assertThat(UiPagesTest.row(home, "secret/listed")).contains(">1<");
    }
}
