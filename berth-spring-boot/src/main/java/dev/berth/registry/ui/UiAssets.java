package dev.berth.registry.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The UI's styles, script and icon, served from the jar under {@code /ui/} (nothing comes from
 * another site). Pages link them with {@code ?v=<hash of them all>}, so browsers keep them for a year
 * and still fetch each new version. (Spring's resource URL rewriting would look every link of a page
 * up on the classpath: a thousand lookups for a home page of a thousand repositories.)
 */
final class UiAssets implements WebMvcConfigurer {
    static final String LOCATION = "dev/berth/registry/ui/assets/";
    static final List<String> FILES = List.of("berth.css", "berth.js", "berth.svg");

    private final String version = hashOf(FILES);

    /** What the pages append to the assets' URLs. */
    String version() {
        return version;
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler(UiPaths.ASSETS + "/**")
                .addResourceLocations("classpath:/" + LOCATION)
                .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic());
    }

    private static String hashOf(List<String> files) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (String file : files) {
                try (InputStream in = new ClassPathResource(LOCATION + file).getInputStream()) {
                    sha256.update(in.readAllBytes());
                }
            }
            return HexFormat.of().formatHex(sha256.digest()).substring(0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException("the UI's assets are missing from the classpath", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
