package dev.berth.registry.fuzz;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reading the tag list and the catalog: one page, or every page by following {@code Link} headers. */
final class Listing {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_PAGES = 200;
    private static final java.util.regex.Pattern LINK = java.util.regex.Pattern.compile("<([^>]*)>");

    /** Everything a walk listed, and the exchange it ended with. */
    record Walk(List<String> entries, Exchange last) {
    }

    private Listing() {
    }

    /** The entries of one page's array field, or null when the body has none. */
    static List<String> entries(Exchange page, String field) {
        try {
            JsonNode array = JSON.readTree(page.body()).get(field);
            if (array == null || !array.isArray()) {
                return null;
            }
            List<String> entries = new ArrayList<>();
            array.forEach(entry -> entries.add(entry.asString()));
            return entries;
        } catch (JacksonException e) {
            return null;
        }
    }

    /** Follows {@code rel="next"} links from {@code first}, at most {@value #MAX_PAGES} pages. */
    static Walk walk(FuzzTarget target, String first, String field) {
        List<String> all = new ArrayList<>();
        String next = first;
        Exchange page = null;
        for (int pages = 0; next != null && pages < MAX_PAGES; pages++) {
            page = target.send(Request.of("GET", next));
            List<String> entries = page.status() == 200 ? entries(page, field) : null;
            if (entries == null) {
                break;
            }
            all.addAll(entries);
            next = page.header("Link").map(LINK::matcher).filter(java.util.regex.Matcher::find).map(m -> m.group(1)).orElse(null);
        }
        return new Walk(all, page);
    }
}
