package dev.berth.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.openqa.selenium.Dimension;

/**
 * The README's screenshots of the UI, under docs/ui/, made by the browser test. They are made again
 * whenever the pages' templates or assets changed since the last ones (docs/ui/pages.sha256 holds a
 * hash of them, which berth-spring-boot's UiScreenshotsAreCurrentTest compares with the sources), or
 * when {@code -Dberth.ui.screenshots=refresh} asks for it.
 */
public final class UiScreenshots {
    public static final Path FOLDER = Tools.REPOSITORY.resolve("docs/ui");
    private static final Path STAMP = FOLDER.resolve("pages.sha256");
    private static final Path RESOURCES = Tools.REPOSITORY.resolve("berth-spring-boot/src/main/resources");
    private static final List<String> PAGES = List.of("templates/berth", "dev/berth/registry/ui/assets");

    private final boolean making;
    private final String pages;

    public UiScreenshots() {
        pages = hashOfPages();
        making = "refresh".equals(System.getProperty("berth.ui.screenshots")) || !read(STAMP).equals(pages);
    }

    /** Whether this run makes the screenshots (the pages changed since the last ones, or it was asked to). */
    public boolean making() {
        return making;
    }

    /** Saves the browser's page as {@code docs/ui/<name>.png}, when this run makes the screenshots. */
    public void take(Browser browser, String name, Dimension screen) {
        if (making) {
            browser.screenshot(FOLDER.resolve(name + ".png"), screen);
        }
    }

    /** Records which pages the screenshots show; call once they are all taken. */
    public void done() {
        if (making) {
            try {
                Files.writeString(STAMP, pages + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** SHA-256 over every template and asset, each as its path below src/main/resources, a zero byte and its bytes, in path order. */
    static String hashOfPages() {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            List<Path> files;
            try (Stream<Path> walk = PAGES.stream().map(RESOURCES::resolve).flatMap(UiScreenshots::walk)) {
                files = walk.filter(Files::isRegularFile)
                        .sorted(java.util.Comparator.comparing(file -> RESOURCES.relativize(file).toString().replace('\\', '/'))).toList();
            }
            for (Path file : files) {
                sha256.update(RESOURCES.relativize(file).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
                sha256.update((byte) 0);
                sha256.update(Files.readAllBytes(file));
            }
            return HexFormat.of().formatHex(sha256.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Stream<Path> walk(Path folder) {
        try {
            return Files.walk(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path stamp) {
        try {
            return Files.exists(stamp) ? Files.readString(stamp).strip() : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
