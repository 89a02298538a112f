package dev.berth.registry.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What no response may reveal: Java class names, the storage layout's paths, and where the Kubo
 * node (or a storage folder) is. Generators keep their inputs clear of these, so that an error
 * echoing a client's own input is no false alarm.
 */
final class LeakPatterns {
    private static final List<Pattern> ALWAYS = List.of(
            // class names and stack traces
            Pattern.compile("dev\\.berth"), Pattern.compile("javax?\\."), Pattern.compile("jakarta\\."),
            Pattern.compile("Exception"), Pattern.compile("org\\.(springframework|apache)\\."), Pattern.compile("tools\\.jackson"),
            Pattern.compile("\\bat [a-z]+\\.[a-z]+.*\\(.*\\.java:\\d+\\)"),
            // the storage layout (RegistryLayout) and the drivers' own folders
            Pattern.compile("/repositories/"), Pattern.compile("/blobs/sha(256|512)/"), Pattern.compile("(?<!/blobs)/uploads/"),
            Pattern.compile("/_(layers|manifests|referrers)/"), Pattern.compile("/gc/unreferenced"), Pattern.compile("\\.partial"),
            Pattern.compile("/berth(?!/v1/)"),
            // Kubo's RPC API, wherever it listens
            Pattern.compile("/api/v0"));

    private final List<Pattern> patterns;

    private LeakPatterns(List<Pattern> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    static LeakPatterns standard() {
        return new LeakPatterns(ALWAYS);
    }

    /** The standard patterns plus literal strings of this deployment, such as a storage folder or Kubo's host:port. */
    LeakPatterns plus(String... literals) {
        List<Pattern> all = new ArrayList<>(patterns);
        for (String literal : literals) {
            all.add(Pattern.compile(Pattern.quote(literal)));
        }
        return new LeakPatterns(all);
    }

    /** The first leak in the text: the pattern and the text around it. */
    Optional<String> find(String text) {
        for (Pattern pattern : patterns) {
            Matcher matcher = pattern.matcher(text);
            if (matcher.find()) {
                return Optional.of("/" + pattern.pattern() + "/ in " + Snippets.around(text, matcher.start(), matcher.end() - matcher.start()));
            }
        }
        return Optional.empty();
    }

    /**
     * As {@link #find}, in a page of the web UI: its own links to /repositories/... and to its assets
     * (/ui/berth.css) are its URLs, not storage paths.
     */
    Optional<String> findInPage(String text) {
        String withoutOwnLinks = UI_LINK.matcher(text).replaceAll("$1=\"/ui-repository/");
        return find(UI_ASSET.matcher(withoutOwnLinks).replaceAll("/ui/asset."));
    }

    private static final Pattern UI_LINK = Pattern.compile("(href|action)=\"/repositories/");
    private static final Pattern UI_ASSET = Pattern.compile("/ui/berth\\.");

    /** Whether a generated input would itself look like a leak when echoed. */
    boolean appearsIn(String input) {
        String lower = input.toLowerCase(java.util.Locale.ROOT);
        return find(input).isPresent() || lower.contains("exception") || lower.contains("berth") || lower.contains("java")
                || lower.contains("partial") || lower.contains("repositories") || lower.contains("uploads");
    }
}
