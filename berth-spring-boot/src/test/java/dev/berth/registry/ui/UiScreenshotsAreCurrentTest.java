package dev.berth.registry.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README shows screenshots of the UI (docs/ui/*.png), which the browser test in integration-tests
 * makes together with docs/ui/pages.sha256, a hash of the templates and assets they show. When the
 * pages change, this fails until the browser test has made the screenshots again.
 */
class UiScreenshotsAreCurrentTest {
    private static final Path RESOURCES = Path.of("src/main/resources");
    private static final List<String> PAGES = List.of("templates/berth", "dev/berth/registry/ui/assets");
    private static final Path DOCS = Path.of("../docs/ui");

    @Test
    void theScreenshotsShowTheCurrentPages() throws Exception {
        assertThat(DOCS.resolve("pages.sha256")).exists();
        assertThat(Files.readString(DOCS.resolve("pages.sha256")).strip())
                .as("the UI's templates or assets changed since docs/ui's screenshots were made; make them again with "
                        + "./berth test -pl integration-tests -am -Dtest=UiInBrowserTest -Dsurefire.failIfNoSpecifiedTests=false "
                        + "and commit docs/ui")
                .isEqualTo(hashOfPages());
        for (String page : List.of("home", "home-phone", "repository", "image", "index", "remote", "node", "login")) {
            assertThat(DOCS.resolve(page + ".png")).isNotEmptyFile();
        }
    }

    /** As the browser test computes it: each file's path below src/main/resources, a zero byte and its bytes, in path order. */
    private static String hashOfPages() throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        List<Path> files;
        try (Stream<Path> walk = PAGES.stream().map(RESOURCES::resolve).flatMap(UiScreenshotsAreCurrentTest::walk)) {
            files = walk.filter(Files::isRegularFile).sorted(Comparator.comparing(UiScreenshotsAreCurrentTest::name)).toList();
        }
        for (Path file : files) {
            sha256.update(name(file).getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(Files.readAllBytes(file));
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static String name(Path file) {
        return RESOURCES.relativize(file).toString().replace('\\', '/');
    }

    private static Stream<Path> walk(Path folder) {
        try {
            return Files.walk(folder);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
