package dev.berth.registry.fuzz;

/** Text cut short and with control characters made visible, for reports. */
final class Snippets {
    private Snippets() {
    }

    static String visible(String text, int max) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(max).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        if (text.codePointCount(0, text.length()) > max) {
            out.append("…(").append(text.length()).append(" chars)");
        }
        return out.toString();
    }

    /** The text around the first place {@code needle} occurs in {@code haystack}. */
    static String around(String haystack, int at, int length) {
        int from = Math.max(0, at - 60);
        int to = Math.min(haystack.length(), at + length + 60);
        return (from > 0 ? "…" : "") + visible(haystack.substring(from, to), 200) + (to < haystack.length() ? "…" : "");
    }
}
